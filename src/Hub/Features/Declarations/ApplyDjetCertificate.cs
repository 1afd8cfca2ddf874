using System.Text.Json;
using System.Text.RegularExpressions;
using EarTagTrace.Adapters.Djet;
using EarTagTrace.Adapters.Inbound;
using EarTagTrace.Hub.Ledger;
using EarTagTrace.Hub.Messaging;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Hub.Persistence.Tables;
using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.Djet;
using Npgsql;

namespace EarTagTrace.Hub.Features.Declarations;

/// <summary>
/// 产地检疫合格证明 on an accepted declaration. Load, under the farm's lock (as every writer of a farm's stock takes it
/// first): the declaration, its farm and stock, the ranges it declared and whether the certificate's tags were used or
/// cancelled since. Decide: the rules below. Store: the tags marked used (one tag_event row of kind Used under an
/// exclusion constraint), the stock lowered, the declaration certified, the certificate, its stock line and the national
/// platform's outbox row, in one transaction.
/// </summary>
public sealed partial class ApplyDjetCertificate()
    : DjetDecidingHandler<CanonicalCertificate, ApplyDjetCertificate.Facts, ApplyDjetCertificate.Rows>(
        DjetMessageTypes.Certificate, DjetCertificateMapping.ToCanonical, DjetCertificateMapping.PartnerPath, Decide)
{
    private const int MaxValidDaysA = 5, MaxValidDaysB = 1;

    /// <summary>The declaration as the rules see it: its farm's county and the ranges it declared (sorted, disjoint).</summary>
    public sealed record DeclarationFacts(
        string Id, string FarmCode, Species Species, string? CertificateNumber, string CountyCode, IReadOnlyList<TagRange> Declared);

    /// <summary>The declaration's farm now: what its completeness needs, its status and its stock of the certificate's species.</summary>
    public sealed record FarmFacts(string? Name, string? Phone, string? Address, FarmStatus Status, int SpeciesKept, int? Stock);

    /// <summary>Null declaration: no accepted declaration has that id. Standing: the certificate's tags' used and cancelled rows.</summary>
    public sealed record Facts(DeclarationFacts? Declaration, FarmFacts? Farm, IReadOnlyDictionary<long, TagStanding> Standing);

    /// <summary>An accepted certificate's rows: the certificate, the tags it uses and the farm's stock after it.</summary>
    public sealed record Rows(CertificateRow Certificate, IReadOnlyList<TagRange> Tags, int StockAfter);

    protected override string IdOf(CanonicalCertificate message) => message.Number;

    protected override IEnumerable<(string Sql, NpgsqlParameter[] Parameters)> Load(CanonicalCertificate c) =>
    [
        QuarantineTables.LockDeclaredFarm(c.DeclarationId),
        QuarantineTables.CertificateFacts(c.DeclarationId, c.Number, c.Species),
        TagLedgerTables.DeclaredRanges(c.DeclarationId),
        TagLedgerTables.UsedOrCancelled(TagStanding.RangesOf(Parsed(c))),
    ];

    protected override async Task<(Facts Facts, FirstApplied? First)> ReadAsync(NpgsqlDataReader r, CanonicalCertificate c, CancellationToken ct)
    {
        await r.NextResultAsync(ct); // past the lock's row
        await r.ReadAsync(ct);
        string? S(int i) => r.IsDBNull(i) ? null : r.GetString(i);
        var first = ReadFirst(r, 11);
        var known = !r.IsDBNull(0);
        var (id, farmCode, species, number, county) = known
            ? (r.GetString(0), r.GetString(1), Enum.Parse<Species>(r.GetString(2)), S(3), r.GetString(4))
            : ("", "", default, null, "");
        var farm = known ? new FarmFacts(S(5), S(6), S(7), Enum.Parse<FarmStatus>(r.GetString(8)), r.GetInt32(9), r.IsDBNull(10) ? null : r.GetInt32(10)) : null;
        await r.NextResultAsync(ct);
        await r.ReadAsync(ct);
        var lows = r.GetFieldValue<long[]>(0);
        var highs = r.GetFieldValue<long[]>(1);
        await r.NextResultAsync(ct);
        var standing = TagStanding.Place(Parsed(c), await TagLedgerTables.ReadStandingAsync(r, ct));
        var declaration = known
            ? new DeclarationFacts(id, farmCode, species, number, county, [.. lows.Select((low, i) => new TagRange(low, highs[i]))])
            : null;
        return (new Facts(declaration, farm, standing), first);
    }

    protected override IEnumerable<(string Sql, NpgsqlParameter[] Parameters)> Store(Rows rows, long journalId, DateTimeOffset now) =>
    [
        .. QuarantineTables.Certify(rows.Certificate, rows.StockAfter, now, journalId),
        TagLedgerTables.InsertEvent("Used", rows.Tags, rows.Certificate.Number, HolderType.Farm, rows.Certificate.FarmCode,
            rows.Certificate.IssuedAt, journalId),
    ];

    /// <summary>Every certificate rule, each in this one place; the reasons name canonical fields, in the order the answer lists them.</summary>
    public static Decision<Rows> Decide(Facts facts, CanonicalCertificate cert, DateTimeOffset now)
    {
        if (facts.Declaration is not { } declaration)
            return Decision<Rows>.Refuse([new InboundReason(DeclarationCodes.DeclarationUnknown,
                $"申报单 {cert.DeclarationId} is not an accepted declaration", nameof(cert.DeclarationId))]);

        var reasons = new List<InboundReason>();
        if (declaration.CertificateNumber is { } other)
            reasons.Add(new InboundReason(DeclarationCodes.DeclarationAlreadyCertified, $"declaration {declaration.Id} already has certificate {other}", nameof(cert.DeclarationId)));
        if (declaration.FarmCode != cert.FarmCode)
            reasons.Add(new InboundReason(DeclarationCodes.DeclarationMismatch, $"the declaration is of farm {declaration.FarmCode}, not {cert.FarmCode}", nameof(cert.FarmCode)));
        if (declaration.Species != cert.Species)
            reasons.Add(new InboundReason(DeclarationCodes.DeclarationMismatch, $"the declaration is of {declaration.Species}, not {cert.Species}", nameof(cert.Species)));
        CheckFarmStillEligible(declaration, facts.Farm, reasons);

        if (cert.Tags.Count != cert.HeadCount)
            reasons.Add(new InboundReason(DeclarationCodes.CountMismatch, $"{cert.Tags.Count} ear tags for a head count of {cert.HeadCount}", nameof(cert.Tags)));
        var repeated = ApplyDjetDeclaration.Repeated(cert.Tags);
        if (repeated.Count > 0)
            reasons.Add(new InboundReason(DeclarationCodes.DuplicateTags, "ear tags named more than once", nameof(cert.Tags), repeated));

        var tags = new List<long>();
        var outside = new List<string>();
        foreach (var text in cert.Tags.Distinct())
        {
            if (TagNumber.TryParse(text, out var tag) && Declared(declaration.Declared, tag.Value)) tags.Add(tag.Value);
            else outside.Add(text);
        }
        if (outside.Count > 0)
            reasons.Add(new InboundReason(DeclarationCodes.TagsNotInDeclaration, $"not among the tags of declaration {declaration.Id}", nameof(cert.Tags), outside));

        var originProvince = declaration.CountyCode[..2];
        var leaves = !cert.Destination.RegionCode.StartsWith(originProvince, StringComparison.Ordinal);
        var expected = leaves ? CertificateType.A : CertificateType.B;
        if (cert.Type != expected)
            reasons.Add(new InboundReason(DeclarationCodes.CertificateTypeWrong,
                $"destination {cert.Destination.RegionCode} is {(leaves ? "outside" : "inside")} province {originProvince}: the certificate must be type {expected} (动物{expected})", nameof(cert.Type)));
        var maxDays = cert.Type == CertificateType.A ? MaxValidDaysA : MaxValidDaysB;
        if (cert.ValidDays > maxDays)
            reasons.Add(new InboundReason(DeclarationCodes.ValidityTooLong,
                $"a type {cert.Type} certificate is valid at most {maxDays} day(s){(cert.Type == CertificateType.B ? " (the same day)" : "")}, not {cert.ValidDays}", nameof(cert.ValidDays)));
        if (!PlatePattern().IsMatch(cert.Plate))
            reasons.Add(new InboundReason(DeclarationCodes.PlateInvalid, $"'{cert.Plate}' is not one vehicle plate (e.g. 吉A12345): one certificate, one vehicle", nameof(cert.Plate)));

        var standing = tags.Select(t => facts.Standing.GetValueOrDefault(t)).OfType<TagStanding>().ToList();
        var used = standing.Where(s => s.UsedIn is not null).Select(s => TagNumber.Format(s.Tag)).ToList();
        if (used.Count > 0) reasons.Add(new InboundReason(DeclarationCodes.TagAlreadyUsed, "already used on a certificate", nameof(cert.Tags), used));
        var cancelled = standing.Where(s => s.CancelledIn is not null).Select(s => TagNumber.Format(s.Tag)).ToList();
        if (cancelled.Count > 0) reasons.Add(new InboundReason(DeclarationCodes.TagCancelled, "cancelled (注销) since the declaration", nameof(cert.Tags), cancelled));

        var stock = facts.Farm?.Stock;
        if (stock is null || stock < cert.HeadCount)
            reasons.Add(new InboundReason(DeclarationCodes.StockInsufficient,
                $"the farm's stock of {cert.Species.ToString().ToLowerInvariant()} is {stock ?? 0}, below {cert.HeadCount}", nameof(cert.HeadCount)));
        if (reasons.Count > 0) return Decision<Rows>.Refuse(reasons);

        var row = new CertificateRow(cert.Number, cert.Type, declaration.Id, declaration.FarmCode, declaration.CountyCode, cert.Species,
            cert.HeadCount, cert.Origin, cert.Destination, cert.Carrier, cert.Plate, cert.Vet, cert.IssuedAt, cert.ValidDays, ContentHash(cert),
            cert.DestinationFarmCode); // 到达地养殖场编码, so an outbreak trace follows the animals onto that farm
        var stockAfter = stock!.Value - cert.HeadCount;
        return Decision<Rows>.Accept(new Rows(row, TagStanding.RangesOf(tags), stockAfter), new { certified = tags.Count, stockAfter }) with
        {
            Announcements = [new OutboxTable.Item(Destinations.NationalCloudCertificates, "certificate:" + cert.Number,
                JsonSerializer.Serialize(cert, CanonicalJson.Options), declaration.CountyCode)],
            Links = [("certificate", cert.Number), ("declaration", declaration.Id), ("farm", declaration.FarmCode)],
        };
    }

    /// <summary>
    /// The Jilin plan: 没有基础信息录入更新的猪、牛、羊养殖场户，不能进行申报检疫和检疫出证 — a farm without complete
    /// registry data may neither declare nor be certified. The declaration checked the farm when it was made; a farm
    /// that became incomplete or closed since may not be certified on it.
    /// </summary>
    private static void CheckFarmStillEligible(DeclarationFacts declaration, FarmFacts? farm, List<InboundReason> reasons)
    {
        if (farm is null) return;
        var gaps = FarmCompleteness.Gaps(farm.Name, farm.Phone, farm.Address, farm.SpeciesKept);
        var why = new List<string>();
        if (gaps.Count > 0) why.Add($"its registry record now lacks {string.Join(", ", gaps)}");
        if (farm.Status == FarmStatus.Closed) why.Add("it is now closed in the registry");
        if (why.Count > 0)
            reasons.Add(new InboundReason(DeclarationCodes.FarmNoLongerCertifiable,
                $"养殖场户 {declaration.FarmCode} may not be certified: {string.Join("; ", why)} (不能检疫出证)", nameof(CanonicalCertificate.FarmCode)));
    }

    /// <summary>The certificate's tags that are well-formed numbers, whatever their standing.</summary>
    private static IEnumerable<long> Parsed(CanonicalCertificate c) =>
        c.Tags.Distinct().Select(t => TagNumber.TryParse(t, out var tag) ? tag.Value : -1).Where(v => v >= 0);

    /// <summary>Whether the declaration's ranges (sorted, disjoint) hold the tag.</summary>
    private static bool Declared(IReadOnlyList<TagRange> declared, long tag)
    {
        int lo = 0, hi = declared.Count - 1;
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
