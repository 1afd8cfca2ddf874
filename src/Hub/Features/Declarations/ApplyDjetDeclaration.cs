using System.Security.Cryptography;
using System.Text;
using EarTagTrace.Adapters.Djet;
using EarTagTrace.Adapters.Inbound;
using EarTagTrace.Hub.Ledger;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Hub.Persistence.Tables;
using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.Djet;
using Npgsql;

namespace EarTagTrace.Hub.Features.Declarations;

/// <summary>
/// 检疫申报 answered at once: every declaration rule runs (docs/architecture.md) and every failure is reported with
/// the tags concerned, so the farmer sees all of them in 动监e通 together. Load: the farm, its stock, its county's
/// rollout, the first sending of the id and where every tag stands, in one round trip. Decide: the rules below, in C#
/// only. Store: the declaration and its tags reserved as one tag_event row (kind Declared, an int8multirange under an
/// exclusion constraint), so two concurrent declarations naming one tag cannot both be accepted: the loser is applied
/// again and refused as TAG_ALREADY_USED.
/// </summary>
public sealed class ApplyDjetDeclaration()
    : DjetDecidingHandler<CanonicalDeclaration, ApplyDjetDeclaration.Facts, ApplyDjetDeclaration.Rows>(
        DjetMessageTypes.Declaration, DjetDeclarationMapping.ToCanonical, DjetDeclarationMapping.PartnerPath, Decide)
{
    private static readonly Dictionary<string, object?> AcceptedAnswer = new() { ["jg"] = "accepted" };
    private static readonly Dictionary<string, object?> RejectedAnswer = new() { ["jg"] = "rejected" };

    /// <summary>What the rules need of the farm.</summary>
    public sealed record FarmFacts(
        string Code, string? Name, string? Phone, string? Address, FarmStatus Status, string? QrToken, string CountyCode,
        string TownshipCode, int SpeciesKept, int? Stock, bool CountyEnabled);

    /// <summary>The farm (null when the registry never sent it) and where each well-formed tag of the species stands.</summary>
    public sealed record Facts(FarmFacts? Farm, IReadOnlyDictionary<long, TagStanding> Standing);

    /// <summary>An accepted declaration's rows: the declaration and the tags it reserves.</summary>
    public sealed record Rows(DeclarationRow Declaration, IReadOnlyList<TagRange> Tags);

    protected override string IdOf(CanonicalDeclaration message) => message.Id;

    protected override IReadOnlyDictionary<string, object?> Answer(bool accepted) => accepted ? AcceptedAnswer : RejectedAnswer;

    protected override IEnumerable<(string Sql, NpgsqlParameter[] Parameters)> Load(CanonicalDeclaration d) =>
    [
        QuarantineTables.DeclarationFacts(d.FarmCode, d.Id, d.Species, CountyRolloutRules.ChinaDate(d.DeclaredAt)),
        TagLedgerTables.Standing(TagStanding.RangesOf(WellFormed(d).Good)),
    ];

    protected override async Task<(Facts Facts, FirstApplied? First)> ReadAsync(NpgsqlDataReader r, CanonicalDeclaration d, CancellationToken ct)
    {
        await r.ReadAsync(ct);
        string? S(int i) => r.IsDBNull(i) ? null : r.GetString(i);
        var farm = r.IsDBNull(0) ? null
            : new FarmFacts(r.GetString(0), S(1), S(2), S(3), Enum.Parse<FarmStatus>(r.GetString(4)), S(5), r.GetString(6),
                r.GetString(7), r.GetInt32(8), r.IsDBNull(9) ? null : r.GetInt32(9), r.GetBoolean(10));
        var first = ReadFirst(r, 11);
        await r.NextResultAsync(ct);
        var standing = TagStanding.Place(WellFormed(d).Good, await TagLedgerTables.ReadStandingAsync(r, ct));
        return (new Facts(farm, standing), first);
    }

    protected override IEnumerable<(string Sql, NpgsqlParameter[] Parameters)> Store(Rows rows, long journalId, DateTimeOffset now) =>
    [
        QuarantineTables.InsertDeclaration(rows.Declaration, journalId),
        TagLedgerTables.InsertEvent("Declared", rows.Tags, rows.Declaration.Id, HolderType.Farm, rows.Declaration.FarmCode,
            rows.Declaration.DeclaredAt, journalId),
    ];

    /// <summary>
    /// Every declaration rule, each in this one place; the reasons name canonical fields. Pure: what it answers
    /// depends on <paramref name="facts"/> and <paramref name="d"/> alone (the rollout's day is the declaration's own).
    /// </summary>
    public static Decision<Rows> Decide(Facts facts, CanonicalDeclaration d, DateTimeOffset now)
    {
        var reasons = new List<InboundReason>();
        var farm = facts.Farm;
        CheckFarm(d, farm, reasons);
        CheckCount(d, reasons);
        var (good, malformed) = WellFormed(d);
        if (malformed.Count > 0)
            reasons.Add(new InboundReason(DeclarationCodes.TagMalformed,
                $"not a 15-digit ear tag of species {(int)d.Species} ({d.Species.ToString().ToLowerInvariant()})", nameof(d.Tags), malformed));
        if (farm is not null) CheckTagStanding(farm, good, facts.Standing, reasons);
        if (reasons.Count > 0) return Decision<Rows>.Refuse(reasons);

        var row = new DeclarationRow(d.Id, farm!.Code, farm.CountyCode, d.Species, d.HeadCount, d.Destination.RegionCode,
            d.Destination.Address, d.Purpose, d.DeclaredAt, ContentHash(d));
        return Decision<Rows>.Accept(new Rows(row, TagStanding.RangesOf(good)), new { declared = good.Count }) with
        {
            Links = [("declaration", d.Id), ("farm", farm.Code)],
        };
    }

    private static void CheckFarm(CanonicalDeclaration d, FarmFacts? farm, List<InboundReason> reasons)
    {
        if (farm is null)
        {
            reasons.Add(new InboundReason(DeclarationCodes.FarmUnknown,
                $"养殖场户 {d.FarmCode} is not in the farm registry: a farm without registry data may not declare", nameof(d.FarmCode)));
            return;
        }
        var gaps = FarmCompleteness.Gaps(farm.Name, farm.Phone, farm.Address, farm.SpeciesKept);
        if (gaps.Count > 0)
            reasons.Add(new InboundReason(DeclarationCodes.FarmIncomplete, $"the registry record lacks {string.Join(", ", gaps)}", nameof(d.FarmCode)));
        if (farm.Status == FarmStatus.Closed)
            reasons.Add(new InboundReason(DeclarationCodes.FarmClosed, $"养殖场户 {farm.Code} is closed in the registry", nameof(d.FarmCode)));
        if (farm.QrToken is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(farm.QrToken), Encoding.UTF8.GetBytes(d.QrToken)))
            reasons.Add(new InboundReason(DeclarationCodes.QrMismatch, "the QR token is not this farm's current one (rotated, or another farm's)", nameof(d.QrToken)));
        if (!farm.CountyEnabled)
            reasons.Add(new InboundReason(DeclarationCodes.CountyNotEnabled,
                $"county {farm.CountyCode} has not switched on linked declaration for {ChinaDay(d.DeclaredAt)}", nameof(d.FarmCode)));
        if (farm.Stock is not { } stock)
            reasons.Add(new InboundReason(DeclarationCodes.SpeciesNotKept, $"养殖场户 {farm.Code} keeps no {d.Species.ToString().ToLowerInvariant()}", nameof(d.Species)));
        else if (d.HeadCount > stock)
            reasons.Add(new InboundReason(DeclarationCodes.ExceedsStock, $"head count {d.HeadCount} is above the stock of {stock}", nameof(d.HeadCount)));
    }

    private static void CheckCount(CanonicalDeclaration d, List<InboundReason> reasons)
    {
        if (d.Tags.Count != d.HeadCount)
            reasons.Add(new InboundReason(DeclarationCodes.CountMismatch, $"{d.Tags.Count} ear tags for a head count of {d.HeadCount}", nameof(d.Tags)));
        var repeated = Repeated(d.Tags);
        if (repeated.Count > 0)
            reasons.Add(new InboundReason(DeclarationCodes.DuplicateTags, "ear tags named more than once", nameof(d.Tags), repeated));
    }

    /// <summary>The distinct tags, split into the well-formed tags of the declared species and the rest (as sent).</summary>
    private static (List<long> Good, List<string> Malformed) WellFormed(CanonicalDeclaration d)
    {
        var good = new List<long>();
        var malformed = new List<string>();
        foreach (var text in d.Tags.Distinct())
        {
            if (TagNumber.TryParse(text, out var tag) && tag.Species == d.Species) good.Add(tag.Value);
            else malformed.Add(text);
        }
        return (good, malformed);
    }

    /// <summary>
    /// A tag may be declared when nobody declared, used or cancelled it, no other farm holds it, and it entered the
    /// farm's township's stock (seed 000: 自动检测耳标号段是否属于该乡镇的耳标库存).
    /// </summary>
    private static void CheckTagStanding(FarmFacts farm, List<long> tags, IReadOnlyDictionary<long, TagStanding> standing, List<InboundReason> reasons)
    {
        var notInTownship = new List<long>();
        var otherFarm = new List<long>();
        var used = new List<long>();
        var cancelled = new List<long>();
        foreach (var tag in tags)
        {
            var s = standing.GetValueOrDefault(tag) ?? new TagStanding(tag, null, null, null, null, null, null);
            if (s.CancelledIn is not null) cancelled.Add(s.Tag);
            else if (s.UsedIn is not null || s.DeclaredIn is not null) used.Add(s.Tag);
            else if (s.HolderType == HolderType.Farm && s.HolderCode != farm.Code) otherFarm.Add(s.Tag);
            else if (s.Township != farm.TownshipCode) notInTownship.Add(s.Tag);
        }
        void Add(string code, string detail, List<long> list)
        {
            if (list.Count > 0) reasons.Add(new InboundReason(code, detail, nameof(CanonicalDeclaration.Tags), list.Order().Select(TagNumber.Format).ToList()));
        }
        Add(DeclarationCodes.TagNotInTownshipStock, $"not in the ear-tag stock issued to township {farm.TownshipCode}", notInTownship);
        Add(DeclarationCodes.TagIssuedToOtherFarm, "issued to another farm", otherFarm);
        Add(DeclarationCodes.TagAlreadyUsed, "already declared or used on a certificate", used);
        Add(DeclarationCodes.TagCancelled, "cancelled (注销)", cancelled);
    }

    /// <summary>Tags named more than once in one message, each listed once.</summary>
    public static List<string> Repeated(IEnumerable<string> tags) =>
        tags.GroupBy(t => t).Where(g => g.Count() > 1).Select(g => g.Key).ToList();

    private static string ChinaDay(DateTimeOffset at) => CountyRolloutRules.ChinaDate(at).ToString("yyyy-MM-dd");
}

/// <summary>Reason codes of declarations and certificates. Stable: 动监e通 shows them to farmers and tests key on them.</summary>
public static class DeclarationCodes
{
    public const string FarmUnknown = "FARM_UNKNOWN";
    public const string FarmIncomplete = "FARM_INCOMPLETE";
    public const string FarmClosed = "FARM_CLOSED";
    public const string QrMismatch = "QR_MISMATCH";
    public const string CountyNotEnabled = "COUNTY_NOT_ENABLED";
    public const string SpeciesNotKept = "SPECIES_NOT_KEPT";
    public const string CountMismatch = TagCodes.CountMismatch;
    public const string DuplicateTags = TagCodes.DuplicateTags;
    public const string TagMalformed = TagCodes.TagMalformed;
    public const string TagNotInTownshipStock = "TAG_NOT_IN_TOWNSHIP_STOCK";
    public const string TagIssuedToOtherFarm = "TAG_ISSUED_TO_OTHER_FARM";
    public const string TagAlreadyUsed = "TAG_ALREADY_USED";
    public const string TagCancelled = TagCodes.TagCancelled;
    public const string ExceedsStock = "EXCEEDS_STOCK";
    public const string DeclarationUnknown = "DECLARATION_UNKNOWN";
    public const string DeclarationAlreadyCertified = "DECLARATION_ALREADY_CERTIFIED";
    public const string DeclarationMismatch = "DECLARATION_MISMATCH";
    public const string TagsNotInDeclaration = "TAGS_NOT_IN_DECLARATION";
    public const string CertificateTypeWrong = "CERTIFICATE_TYPE_WRONG";
    public const string ValidityTooLong = "VALIDITY_TOO_LONG";
    public const string PlateInvalid = "PLATE_INVALID";
    public const string StockInsufficient = "STOCK_INSUFFICIENT";
    /// <summary>The farm became incomplete or closed after its declaration: it may not be certified (不能检疫出证).</summary>
    public const string FarmNoLongerCertifiable = "FARM_NO_LONGER_CERTIFIABLE";
}
