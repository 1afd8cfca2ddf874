using System.Text.Json;
using System.Text.RegularExpressions;
using EarTagTrace.Adapters.Djet;
using EarTagTrace.Adapters.Inbound;
using EarTagTrace.Hub.Inbound;
using EarTagTrace.Hub.Ledger;
using EarTagTrace.Hub.Messaging;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.Djet;
using Npgsql;

namespace EarTagTrace.Hub.Features.Declarations;

/// <summary>
/// 产地检疫合格证明 on an accepted declaration. Issuing marks the tags used (one tag_event row of kind Used, its tags
/// an int8multirange under an exclusion constraint), lowers the farm's stock of the species and writes the national platform's outbox row — one
/// transaction, so any failing part undoes all of it. The accepted path reads once, then checks the tags and the stock
/// and writes everything in one statement (the farm row locked first, as every writer of a farm's stock does); a
/// refusal reads again under the farm's lock to name every reason.
/// </summary>
public sealed partial class ApplyDjetCertificate()
    : DjetMessageHandler<CanonicalCertificate>(DjetMessageTypes.Certificate, DjetCertificateMapping.ToCanonical)
{
    /// <summary>Province of the farm's origin: the certificate is A exactly when the destination is outside it.</summary>
    private const int MaxValidDaysA = 5, MaxValidDaysB = 1;

    /// <summary>The declaration as the rules see it: its farm's county and the ranges it declared.</summary>
    private sealed record DeclarationFacts(
        string Id, string FarmCode, Species Species, string? CertificateNumber, string CountyCode, TagRange[] Declared);

    private const string ReadSql = """
        select d.id, d.farm_code, d.species, d.certificate_number, f.county_code,
               array(select lower(r) from tag_event e, unnest(e.tags) as r where e.kind = 'Declared' and e.ref_id = d.id order by 1),
               array(select upper(r) - 1 from tag_event e, unnest(e.tags) as r where e.kind = 'Declared' and e.ref_id = d.id order by 1),
               c.content_hash, c.journal_id
        from (values (1)) as one(x)
        left join declaration d on d.id = @declaration
        left join farm f on f.code = d.farm_code
        left join certificate c on c.number = @number
        """;

    /// <summary>
    /// Tags neither used nor cancelled; the farm locked; its stock lowered if it suffices; the declaration certified if
    /// no other certificate came first; then the certificate, its Used ranges and the stock history line.
    /// </summary>
    private const string CertifySql = $$"""
        with j as materialized (select {{HandlerContext.NextJournalIdSql}} as id),
        ok as (
          select not exists (select 1 from tag_event e where e.kind = 'Used' and e.tags && @m)
             and not exists (select 1 from tag_event e where e.kind = 'Cancelled' and e.tags && @m) as ok
        ),
        lk as (select f.code from farm f, ok where ok.ok and f.code = @farm for update of f),
        st as (
          update farm_stock s set count = s.count - @head from lk
          where s.farm_code = lk.code and s.species = @species and s.count >= @head
          returning s.count as stock_after
        ),
        dc as (
          update declaration set certificate_number = @number from st
          where declaration.id = @declaration and declaration.certificate_number is null
          returning 1
        ),
        c as (
          insert into certificate (number, type, declaration_id, farm_code, county_code, species, head_count, origin_code,
                                   origin_address, destination_code, destination_address, carrier, plate, vet, issued_at,
                                   valid_days, content_hash, journal_id,
                                   destination_farm_code) -- trace (issue 19): 到达地养殖场编码, optional
          select @number, @type, @declaration, @farm, @county, @species, @head, @origin, @origin_address, @destination,
                 @destination_address, @carrier, @plate, @vet, @at, @valid_days, @hash, j.id,
                 @destination_farm
          from dc, j
          returning 1
        ),

        ev as (
          insert into tag_event (tags, kind, ref_id, holder_type, holder_code, at, journal_id)
          select @m, 'Used', @number, 'Farm', @farm, @at, j.id from dc, j
          returning 1
        ),
        sc as (
          insert into stock_change (partner_id, farm_code, species, kind, count, delta, at, applied, stock_after, recorded_at, journal_id)
          select @number, @farm, @species, 'Certificate', @head, -@head, @at, true, st.stock_after, @now, j.id from st, dc, j
          returning 1
        ),
        ob as (
          {{OutboxSql.Insert}}
          select @now, @outbox_destination, 'certificate:' || @number, @outbox_payload::jsonb, j.id, 'Pending', 0, @trace from dc, j
          returning 1
        )
        select (select stock_after from st), (select count(*) from dc) = 1, (select id from j)
        """;

    protected override async Task<HandlerResult> ApplyAsync(HandlerContext context, CanonicalCertificate cert, CancellationToken ct)
    {
        var db = context.Db;
        context.Journal.PartnerId = cert.Number;
        var hash = ContentHash(cert);
        var (declaration, first) = await ReadAsync(db, cert, ct);
        if (first is not null) return Repeat(cert.Number, first, hash);
        if (declaration is null)
            return HandlerResult.Refused([new InboundReason(DeclarationCodes.DeclarationUnknown, $"申报单 {cert.DeclarationId} is not an accepted declaration", "$.sbdh")]);

        var (reasons, tags) = Check(cert, declaration);
        int? stockAfterRefusal = null;
        if (reasons.Count == 0)
        {
            var ranges = TagStanding.RangesOf(tags);
            await using var certify = MessageSql.Command(db, CertifySql);
            certify.Parameters.AddRange(new NpgsqlParameter[]
            {
                LedgerSql.Multirange("m", ranges),
                MessageSql.P("number", cert.Number), MessageSql.P("type", cert.Type.ToString()), MessageSql.P("declaration", declaration.Id),
                MessageSql.P("farm", declaration.FarmCode), MessageSql.P("county", declaration.CountyCode),
                MessageSql.P("species", cert.Species.ToString()), MessageSql.P("head", cert.HeadCount),
                MessageSql.P("origin", cert.Origin.RegionCode), MessageSql.P("origin_address", cert.Origin.Address),
                MessageSql.P("destination", cert.Destination.RegionCode), MessageSql.P("destination_address", cert.Destination.Address),
                MessageSql.P("carrier", cert.Carrier), MessageSql.P("plate", cert.Plate), MessageSql.P("vet", cert.Vet),
                MessageSql.P("at", cert.IssuedAt), MessageSql.P("valid_days", cert.ValidDays), MessageSql.P("hash", hash),
                MessageSql.P("now", context.Now),
                MessageSql.P("outbox_destination", Destinations.NationalCloudCertificates),
                MessageSql.P("outbox_payload", JsonSerializer.Serialize(cert, CanonicalJson.Options)),
                OutboxSql.Trace("trace"),
                MessageSql.P("destination_farm", cert.DestinationFarmCode), // trace (issue 19): 到达地养殖场编码
            });
            int? stockAfter;
            bool certified;
            await using (var r = await certify.ExecuteReaderAsync(ct))
            {
                await r.ReadAsync(ct);
                stockAfter = r.IsDBNull(0) ? null : r.GetInt32(0);
                certified = r.GetBoolean(1);
                if (certified) context.UseJournalId(r.GetInt64(2));
            }
            if (certified)
            {
                context.Journal.Links.Add(new JournalLink { EntityType = "certificate", EntityKey = cert.Number });
                context.Journal.Links.Add(new JournalLink { EntityType = "declaration", EntityKey = declaration.Id });
                context.Journal.Links.Add(new JournalLink { EntityType = "farm", EntityKey = declaration.FarmCode });
                return HandlerResult.Accepted(new { certified = tags.Count, stockAfter = stockAfter!.Value });
            }
            // The stock was lowered in this (to be rolled back) transaction before the declaration turned out certified.
            if (stockAfter is { } lowered) stockAfterRefusal = lowered + cert.HeadCount;
            // Another message may have changed the declaration meanwhile: judge on what is committed now.
            (declaration, _) = await ReadAsync(db, cert, ct);
            (reasons, tags) = Check(cert, declaration!);
        }

        // Refused: every reason, named under the farm's lock as the accepted path would have seen them.
        await FarmLock.TakeAsync(db, declaration!.FarmCode, ct);
        var standing = await TagStanding.LoadAsync(db, tags, ct);
        var used = standing.Values.Where(s => s.UsedIn is not null).Select(s => TagNumber.Format(s.Tag)).ToList();
        if (used.Count > 0) reasons.Add(new InboundReason(DeclarationCodes.TagAlreadyUsed, "already used on a certificate", "$.ebh", used));
        var cancelled = standing.Values.Where(s => s.CancelledIn is not null).Select(s => TagNumber.Format(s.Tag)).ToList();
        if (cancelled.Count > 0) reasons.Add(new InboundReason(DeclarationCodes.TagCancelled, "cancelled (注销) since the declaration", "$.ebh", cancelled));

        var stock = stockAfterRefusal ?? (await MessageSql.QueryAsync(db, "select count from farm_stock where farm_code = @f and species = @s",
            r => (int?)r.GetInt32(0), ct, MessageSql.P("f", declaration.FarmCode), MessageSql.P("s", cert.Species.ToString()))).FirstOrDefault();
        if (stock is null || stock < cert.HeadCount)
            reasons.Add(new InboundReason(DeclarationCodes.StockInsufficient,
                $"the farm's stock of {cert.Species.ToString().ToLowerInvariant()} is {stock ?? 0}, below {cert.HeadCount}", "$.sl"));
        if (reasons.Count == 0) throw LedgerSql.Conflict($"certificate {cert.Number}: the declaration or the farm's stock changed while it was checked");
        return HandlerResult.Refused(reasons);
    }

    private static async Task<(DeclarationFacts? Declaration, FirstApplied? First)> ReadAsync(HubDbContext db, CanonicalCertificate cert, CancellationToken ct)
    {
        await using var read = MessageSql.Command(db, ReadSql);
        read.Parameters.Add(MessageSql.P("declaration", cert.DeclarationId));
        read.Parameters.Add(MessageSql.P("number", cert.Number));
        await using var r = await read.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        var first = r.IsDBNull(7) ? null : new FirstApplied(r.GetString(7), r.IsDBNull(8) ? null : r.GetInt64(8));
        if (r.IsDBNull(0)) return (null, first);
        var lows = r.GetFieldValue<long[]>(5);
        var highs = r.GetFieldValue<long[]>(6);
        return (new DeclarationFacts(r.GetString(0), r.GetString(1), Enum.Parse<Species>(r.GetString(2)), r.IsDBNull(3) ? null : r.GetString(3),
            r.GetString(4), [.. lows.Select((low, i) => new TagRange(low, highs[i]))]), first);
    }

    /// <summary>Every rule that needs no lock, in the order the answer lists them; the certificate's tags of the declaration.</summary>
    private static (List<InboundReason> Reasons, List<long> Tags) Check(CanonicalCertificate cert, DeclarationFacts declaration)
    {
        var reasons = new List<InboundReason>();
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

        var tags = new List<long>();
        var outside = new List<string>();
        foreach (var text in cert.Tags.Distinct())
        {
            if (TagNumber.TryParse(text, out var tag) && Declared(declaration.Declared, tag.Value)) tags.Add(tag.Value);
            else outside.Add(text);
        }
        if (outside.Count > 0)
            reasons.Add(new InboundReason(DeclarationCodes.TagsNotInDeclaration, $"not among the tags of declaration {declaration.Id}", "$.ebh", outside));

        var originProvince = declaration.CountyCode[..2];
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
        return (reasons, tags);
    }

    /// <summary>Whether the declaration's ranges (sorted, disjoint) hold the tag.</summary>
    private static bool Declared(TagRange[] declared, long tag)
    {
        int lo = 0, hi = declared.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            if (declared[mid].Last < tag) lo = mid + 1;
            else if (declared[mid].First > tag) hi = mid - 1;
            else return true;
        }
        return false;
    }

    /// <summary>One mainland plate: province character, letter, 5 (or 6 for new-energy) letters/digits, optional 挂/学.</summary>
    [GeneratedRegex(@"^[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-Z][A-HJ-NP-Z0-9]{5,6}[挂学]?$")]
    private static partial Regex PlatePattern();
}
