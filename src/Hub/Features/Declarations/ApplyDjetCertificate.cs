using System.Text.Json;
using System.Text.RegularExpressions;
using EarTagTrace.Adapters.Djet;
using EarTagTrace.Adapters.Inbound;
using EarTagTrace.Hub.Features.Tags;
using EarTagTrace.Hub.Inbound;
using EarTagTrace.Hub.Messaging;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.Djet;

namespace EarTagTrace.Hub.Features.Declarations;

/// <summary>
/// 产地检疫合格证明 on an accepted declaration. Issuing marks the tags used, lowers the farm's stock of the species and
/// writes the national platform's outbox row — one transaction, so any failing part undoes all of it.
/// </summary>
public sealed partial class ApplyDjetCertificate()
    : DjetMessageHandler<CanonicalCertificate>(DjetMessageTypes.Certificate, DjetCertificateMapping.ToCanonical)
{
    /// <summary>Province of the farm's origin: the certificate is A exactly when the destination is outside it.</summary>
    private const int MaxValidDaysA = 5, MaxValidDaysB = 1;

    protected override async Task<HandlerResult> ApplyAsync(HandlerContext context, CanonicalCertificate cert, CancellationToken ct)
    {
        var db = context.Db;
        context.Journal.PartnerId = cert.Number;
        var hash = ContentHash(cert);
        var earlier = await db.Certificates.AsNoTracking().Where(x => x.Number == cert.Number)
            .Select(x => new { x.ContentHash, x.JournalId }).FirstOrDefaultAsync(ct);
        if (earlier is not null) return Repeat(cert.Number, earlier.ContentHash, hash, earlier.JournalId);

        var reasons = new List<InboundReason>();
        var declaration = await db.Declarations.FirstOrDefaultAsync(x => x.Id == cert.DeclarationId, ct);
        if (declaration is null)
        {
            reasons.Add(new InboundReason(DeclarationCodes.DeclarationUnknown, $"申报单 {cert.DeclarationId} is not an accepted declaration", "$.sbdh"));
            return HandlerResult.Refused(reasons);
        }
        if (declaration.CertificateNumber is { } other)
            reasons.Add(new InboundReason(DeclarationCodes.DeclarationAlreadyCertified, $"declaration {declaration.Id} already has certificate {other}", "$.sbdh"));
        if (declaration.FarmCode != cert.FarmCode)
            reasons.Add(new InboundReason(DeclarationCodes.DeclarationMismatch, $"the declaration is of farm {declaration.FarmCode}, not {cert.FarmCode}", "$.yzcbm"));
        if (declaration.Species != cert.Species)
            reasons.Add(new InboundReason(DeclarationCodes.DeclarationMismatch, $"the declaration is of {declaration.Species}, not {cert.Species}", "$.xmdm"));

        if (cert.Tags.Count != cert.HeadCount)
            reasons.Add(new InboundReason(DeclarationCodes.CountMismatch, $"{cert.Tags.Count} ear tags for a head count of {cert.HeadCount}", "$.ebh"));
        var repeated = Repeated(cert.Tags);
        if (repeated.Count > 0)
            reasons.Add(new InboundReason(DeclarationCodes.DuplicateTags, "ear tags named more than once", "$.ebh", repeated));

        var declared = (await db.TagEvents.AsNoTracking()
            .Where(e => e.Kind == TagEventKind.Declared && e.RefId == declaration.Id).Select(e => e.Tag).ToListAsync(ct)).ToHashSet();
        var tags = new List<long>();
        var outside = new List<string>();
        foreach (var text in cert.Tags.Distinct())
        {
            if (TagNumber.TryParse(text, out var tag) && declared.Contains(tag.Value)) tags.Add(tag.Value);
            else outside.Add(text);
        }
        if (outside.Count > 0)
            reasons.Add(new InboundReason(DeclarationCodes.TagsNotInDeclaration, $"not among the tags of declaration {declaration.Id}", "$.ebh", outside));

        await FarmLock.TakeAsync(db, declaration.FarmCode, ct);
        var farm = await db.Farms.Include(f => f.Stock).FirstAsync(f => f.Code == declaration.FarmCode, ct);
        var originProvince = farm.CountyCode[..2];
        var leaves = !cert.Destination.RegionCode.StartsWith(originProvince, StringComparison.Ordinal);
        var expected = leaves ? CertificateType.A : CertificateType.B;
        if (cert.Type != expected)
            reasons.Add(new InboundReason(DeclarationCodes.CertificateTypeWrong,
                $"destination {cert.Destination.RegionCode} is {(leaves ? "outside" : "inside")} province {originProvince}: the certificate must be type {expected} (动物{expected})", "$.zmlx"));
        var maxDays = cert.Type == CertificateType.A ? MaxValidDaysA : MaxValidDaysB;
        if (cert.ValidDays > maxDays)
            reasons.Add(new InboundReason(DeclarationCodes.ValidityTooLong,
                $"a type {cert.Type} certificate is valid at most {maxDays} day(s){(cert.Type == CertificateType.B ? " (the same day)" : "")}, not {cert.ValidDays}", "$.yxts"));
        if (!PlatePattern().IsMatch(cert.Plate))
            reasons.Add(new InboundReason(DeclarationCodes.PlateInvalid, $"'{cert.Plate}' is not one vehicle plate (e.g. 吉A12345): one certificate, one vehicle", "$.cph"));

        var standing = await TagStanding.LoadAsync(db, tags, ct);
        var used = standing.Values.Where(s => s.UsedIn is not null).Select(s => TagNumber.Format(s.Tag)).ToList();
        if (used.Count > 0) reasons.Add(new InboundReason(DeclarationCodes.TagAlreadyUsed, "already used on a certificate", "$.ebh", used));
        var cancelled = standing.Values.Where(s => s.CancelledIn is not null).Select(s => TagNumber.Format(s.Tag)).ToList();
        if (cancelled.Count > 0) reasons.Add(new InboundReason(DeclarationCodes.TagCancelled, "cancelled (注销) since the declaration", "$.ebh", cancelled));

        var stock = farm.Stock.FirstOrDefault(s => s.Species == cert.Species);
        if (stock is null || stock.Count < cert.HeadCount)
            reasons.Add(new InboundReason(DeclarationCodes.StockInsufficient,
                $"the farm's stock of {cert.Species.ToString().ToLowerInvariant()} is {stock?.Count ?? 0}, below {cert.HeadCount}", "$.sl"));
        if (reasons.Count > 0) return HandlerResult.Refused(reasons);

        var journalId = await context.JournalIdAsync(ct);
        db.Certificates.Add(new Certificate
        {
            Number = cert.Number, Type = cert.Type, DeclarationId = declaration.Id, FarmCode = farm.Code, CountyCode = farm.CountyCode,
            Species = cert.Species, HeadCount = cert.HeadCount, OriginCode = cert.Origin.RegionCode, OriginAddress = cert.Origin.Address,
            DestinationCode = cert.Destination.RegionCode, DestinationAddress = cert.Destination.Address, Carrier = cert.Carrier,
            Plate = cert.Plate, Vet = cert.Vet, IssuedAt = cert.IssuedAt, ValidDays = cert.ValidDays, ContentHash = hash, JournalId = journalId,
        });
        declaration.CertificateNumber = cert.Number;
        foreach (var tag in tags)
            db.TagEvents.Add(new TagEvent
            {
                Tag = tag, Kind = TagEventKind.Used, RefId = cert.Number, HolderType = HolderType.Farm, HolderCode = farm.Code,
                At = cert.IssuedAt, JournalId = journalId,
            });
        stock!.Count -= cert.HeadCount;
        db.StockChanges.Add(new StockChange
        {
            PartnerId = cert.Number, FarmCode = farm.Code, Species = cert.Species, Kind = StockChangeType.Certificate,
            Count = cert.HeadCount, Delta = -cert.HeadCount, At = cert.IssuedAt, Applied = true, StockAfter = stock.Count,
            RecordedAt = context.Now, JournalId = journalId,
        });
        context.Journal.Links.Add(new JournalLink { EntityType = "certificate", EntityKey = cert.Number });
        context.Journal.Links.Add(new JournalLink { EntityType = "declaration", EntityKey = declaration.Id });
        context.Journal.Links.Add(new JournalLink { EntityType = "farm", EntityKey = farm.Code });
        db.Outbox.Add(OutboxWriter.Item(Destinations.NationalCloudCertificates, "certificate:" + cert.Number,
            JsonSerializer.Serialize(cert, CanonicalJson.Options), context));
        return HandlerResult.Accepted(new { certified = tags.Count, stockAfter = stock.Count });
    }

    /// <summary>One mainland plate: province character, letter, 5 (or 6 for new-energy) letters/digits, optional 挂/学.</summary>
    [GeneratedRegex(@"^[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-Z][A-HJ-NP-Z0-9]{5,6}[挂学]?$")]
    private static partial Regex PlatePattern();
}
