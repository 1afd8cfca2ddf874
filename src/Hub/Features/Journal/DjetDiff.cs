using System.Text.Json;
using System.Text.Json.Nodes;
using EarTagTrace.Adapters.Djet;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Mappings;
using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.Djet;
using EarTagTrace.Mappings.Validation;
using NpgsqlTypes;
using Entity = EarTagTrace.Hub.Features.Journal.CanonicalDiff.Entity;
using Result = EarTagTrace.Hub.Features.Journal.CanonicalDiff.Result;

namespace EarTagTrace.Hub.Features.Journal;

/// <summary>
/// The canonical diff 规范差异 of a 动监e通 message: the one entity it names (declaration sbdh, certificate zmbh, issuance
/// ffid, cancellation zxid, stock change bdid), as the hub holds it beside what today's mapping makes of the raw body.
/// Both sides are the same canonical-like shape, tags as merged ranges ("first-last", or one tag); a declaration's and
/// a certificate's held tags are the ledger's declared and used events of that id. Fields the hub does not keep (a
/// declaration's QR token, an issuer's type) are left out of both sides. The change is create (the hub holds none),
/// unchanged, conflict (the hub holds the id with other content, so the message is refused as a changed repeat) or
/// invalid (the mapping refuses the body). 库存耳标登记 tag stock is not covered: a registration has no partner id, so
/// which held range a row would be is not a lookup but the ledger's own rules.
/// </summary>
internal static class DjetDiff
{
    private sealed record DeclarationShape(string Id, string FarmCode, Species Species, int HeadCount, Place Destination,
        MovementPurpose Purpose, IReadOnlyList<string> Tags, DateTimeOffset DeclaredAt);

    private sealed record CertificateShape(string Number, CertificateType Type, string DeclarationId, string FarmCode,
        Species Species, int HeadCount, IReadOnlyList<string> Tags, Place Origin, Place Destination, string? Carrier,
        string Plate, string Vet, DateTimeOffset IssuedAt, int ValidDays);

    private sealed record IssuanceShape(string Id, IssuanceKind Kind, string IssuerCode, string ReceiverCode,
        HolderType ReceiverType, IReadOnlyList<string> Ranges, DateTimeOffset IssuedAt);

    private sealed record CancellationShape(string Id, CancellationReason Reason, IReadOnlyList<string> Tags, DateTimeOffset CancelledAt);

    private sealed record StockChangeShape(string Id, string FarmCode, Species Species, StockChangeKind Kind, int Count, DateTimeOffset ChangedAt);

    public static async Task<Result> OfAsync(HubDbContext db, JournalEntry entry, CancellationToken ct)
    {
        switch (entry.Type)
        {
            case DjetMessageTypes.Declaration:
                return await CompareAsync("declaration", "sbdh", entry.RawBody, DjetDeclarationMapping.ToCanonical,
                    d => d.Id, d => new DeclarationShape(d.Id, d.FarmCode, d.Species, d.HeadCount, d.Destination, d.Purpose,
                        TagList(d.Tags), d.DeclaredAt),
                    async id =>
                    {
                        var h = await db.Declarations.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
                        return h is null ? null : new DeclarationShape(h.Id, h.FarmCode, h.Species, h.HeadCount,
                            new Place(h.DestinationCode, h.DestinationAddress), h.Purpose,
                            await EventTagsAsync(db, TagEventKind.Declared, id, ct), h.DeclaredAt);
                    });
            case DjetMessageTypes.Certificate:
                return await CompareAsync("certificate", "zmbh", entry.RawBody, DjetCertificateMapping.ToCanonical,
                    c => c.Number, c => new CertificateShape(c.Number, c.Type, c.DeclarationId, c.FarmCode, c.Species, c.HeadCount,
                        TagList(c.Tags), c.Origin, c.Destination, c.Carrier, c.Plate, c.Vet, c.IssuedAt, c.ValidDays),
                    async id =>
                    {
                        var h = await db.Certificates.AsNoTracking().FirstOrDefaultAsync(x => x.Number == id, ct);
                        return h is null ? null : new CertificateShape(h.Number, h.Type, h.DeclarationId, h.FarmCode, h.Species,
                            h.HeadCount, await EventTagsAsync(db, TagEventKind.Used, id, ct), new Place(h.OriginCode, h.OriginAddress),
                            new Place(h.DestinationCode, h.DestinationAddress), h.Carrier, h.Plate, h.Vet, h.IssuedAt, h.ValidDays);
                    });
            case DjetMessageTypes.TagIssuance:
                return await CompareAsync("issuance", "ffid", entry.RawBody, DjetTagIssuanceMapping.ToCanonical,
                    i => i.Id, i => new IssuanceShape(i.Id, i.Kind, i.IssuerCode, i.ReceiverCode, i.ReceiverType, Ranges(i.Ranges), i.IssuedAt),
                    async id =>
                    {
                        var h = await db.TagIssuances.AsNoTracking().Include(x => x.Ranges).FirstOrDefaultAsync(x => x.Id == id, ct);
                        return h is null ? null : new IssuanceShape(h.Id, h.Kind, h.IssuerCode, h.ReceiverCode, h.ReceiverType,
                            Ranges(h.Ranges.Select(r => Range(r.TagRange))), h.IssuedAt);
                    });
            case DjetMessageTypes.TagCancellation:
                return await CompareAsync("cancellation", "zxid", entry.RawBody, DjetTagCancellationMapping.ToCanonical,
                    c => c.Id, c => new CancellationShape(c.Id, c.Reason, Ranges(c.Tags.Select(t => new TagRange(t, t))), c.CancelledAt),
                    async id =>
                    {
                        var h = await db.TagCancellations.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
                        return h is null ? null : new CancellationShape(h.Id, h.Reason,
                            await EventTagsAsync(db, TagEventKind.Cancelled, id, ct), h.CancelledAt);
                    });
            case DjetMessageTypes.StockChange:
                return await CompareAsync("stockChange", "bdid", entry.RawBody, DjetStockChangeMapping.ToCanonical,
                    s => s.Id, s => new StockChangeShape(s.Id, s.FarmCode, s.Species, s.Kind, s.Count, s.ChangedAt),
                    async id =>
                    {
                        var h = await db.StockChanges.AsNoTracking()
                            .Where(x => x.PartnerId == id && x.Kind >= StockChangeType.Birth && x.Kind <= StockChangeType.Sale)
                            .OrderBy(x => x.Id).FirstOrDefaultAsync(ct);
                        return h is null ? null : new StockChangeShape(id, h.FarmCode, h.Species, (StockChangeKind)(int)h.Kind, h.Count, h.At);
                    });
            default:
                return new Result(false, $"the canonical diff covers registry farm messages and 动监e通 declarations, certificates, issuances, cancellations and stock changes; {entry.Source}/{entry.Type} shows verdict, reasons and summary only", []);
        }
    }

    private static async Task<Result> CompareAsync<TCanonical, TShape>(string entityType, string idField, string rawBody,
        Func<PartnerBody, MappingResult<TCanonical>> map, Func<TCanonical, string> keyOf, Func<TCanonical, TShape> shape,
        Func<string, Task<TShape?>> held)
        where TCanonical : class where TShape : class
    {
        var mapped = map(rawBody);
        if (!mapped.IsValid)
        {
            var key = RawKey(rawBody, idField);
            var before = key is null ? null : await held(key);
            return new Result(true, null, [new Entity(entityType, key ?? "$", "invalid", Node(before), null, [],
                mapped.Violations.Select(v => $"{v.Path} {v.Code}: {v.Message}").ToList())]);
        }
        var id = keyOf(mapped.Value!);
        var from = Node(await held(id));
        var to = Node(shape(mapped.Value!));
        var patch = CanonicalDiff.Diff(from, to);
        var change = from is null ? "create" : patch.Count == 0 ? "unchanged" : "conflict";
        return new Result(true, null, [new Entity(entityType, id, change, from, to, patch, [])]);
    }

    private static JsonNode? Node<T>(T? value) where T : class =>
        value is null ? null : JsonSerializer.SerializeToNode(value, CanonicalJson.Options);

    /// <summary>The id field of a body the mapping refuses, when there is one, so the held entity still shows.</summary>
    private static string? RawKey(string rawBody, string idField)
    {
        try
        {
            using var doc = JsonDocument.Parse(rawBody);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty(idField, out var id)
                && id.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(id.GetString())
                ? id.GetString()!.Trim() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Tags as sent: the well-formed ones merged into ranges, any malformed one after them as it was sent.</summary>
    private static List<string> TagList(IEnumerable<string> tags)
    {
        var valid = new List<TagRange>();
        var malformed = new List<string>();
        foreach (var tag in tags)
            if (TagNumber.TryParse(tag, out var number)) valid.Add(new TagRange(number.Value, number.Value));
            else malformed.Add(tag);
        return [.. Ranges(valid), .. malformed];
    }

    private static List<string> Ranges(IEnumerable<TagRange> ranges) => TagRange.Merge(ranges).Select(r => r.ToString()).ToList();

    private static TagRange Range(NpgsqlRange<long> r) =>
        new(r.LowerBoundIsInclusive ? r.LowerBound : r.LowerBound + 1, r.UpperBoundIsInclusive ? r.UpperBound : r.UpperBound - 1);

    private static async Task<List<string>> EventTagsAsync(HubDbContext db, TagEventKind kind, string refId, CancellationToken ct)
    {
        var rows = await db.TagEvents.AsNoTracking().Where(e => e.Kind == kind && e.RefId == refId).Select(e => e.Tags).ToListAsync(ct);
        return Ranges(rows.SelectMany(r => r).Select(Range));
    }
}
