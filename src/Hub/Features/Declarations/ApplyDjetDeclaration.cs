using System.Security.Cryptography;
using System.Text;
using EarTagTrace.Adapters.Djet;
using EarTagTrace.Adapters.Inbound;
using EarTagTrace.Hub.Features.Rollout;
using EarTagTrace.Hub.Features.Tags;
using EarTagTrace.Hub.Inbound;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.Djet;

namespace EarTagTrace.Hub.Features.Declarations;

/// <summary>
/// 检疫申报 answered at once: every declaration rule runs (docs/architecture.md) and every failure is reported with the tags concerned, so the
/// farmer sees all of them in 动监e通 together. An accepted declaration reserves its tags (one Declared event per tag,
/// unique), so two concurrent declarations naming one tag cannot both be accepted.
/// </summary>
public sealed class ApplyDjetDeclaration()
    : DjetMessageHandler<CanonicalDeclaration>(DjetMessageTypes.Declaration, DjetDeclarationMapping.ToCanonical)
{
    private static readonly Dictionary<string, object?> Accepted = new() { ["jg"] = "accepted" };
    private static readonly Dictionary<string, object?> Rejected = new() { ["jg"] = "rejected" };

    protected override async Task<HandlerResult> ApplyAsync(HandlerContext context, CanonicalDeclaration declaration, CancellationToken ct)
    {
        var db = context.Db;
        context.Journal.PartnerId = declaration.Id;
        var hash = ContentHash(declaration);
        var earlier = await db.Declarations.AsNoTracking().Where(x => x.Id == declaration.Id)
            .Select(x => new { x.ContentHash, x.JournalId }).FirstOrDefaultAsync(ct);
        if (earlier is not null)
            return Repeat(declaration.Id, earlier.ContentHash, hash, earlier.JournalId) with { Answer = earlier.ContentHash == hash ? Accepted : Rejected };

        var farm = await db.Farms.AsNoTracking().Include(f => f.Stock).FirstOrDefaultAsync(f => f.Code == declaration.FarmCode, ct);
        var reasons = new List<InboundReason>();
        await CheckFarmAsync(db, declaration, farm, reasons, ct);
        CheckCount(declaration, reasons);
        var wellFormed = CheckTagFormat(declaration, reasons);
        if (farm is not null)
            CheckTagStanding(declaration, farm, await TagStanding.LoadAsync(db, wellFormed, ct), reasons);

        if (reasons.Count > 0) return HandlerResult.Refused(reasons) with { Answer = Rejected };

        var journalId = await context.JournalIdAsync(ct);
        db.Declarations.Add(new Declaration
        {
            Id = declaration.Id, FarmCode = farm!.Code, CountyCode = farm.CountyCode, Species = declaration.Species,
            HeadCount = declaration.HeadCount, DestinationCode = declaration.Destination.RegionCode,
            DestinationAddress = declaration.Destination.Address, Purpose = declaration.Purpose,
            DeclaredAt = declaration.DeclaredAt, ContentHash = hash, JournalId = journalId,
        });
        foreach (var tag in wellFormed)
            db.TagEvents.Add(new TagEvent
            {
                Tag = tag, Kind = TagEventKind.Declared, RefId = declaration.Id, HolderType = HolderType.Farm,
                HolderCode = farm.Code, At = declaration.DeclaredAt, JournalId = journalId,
            });
        context.Journal.Links.Add(new JournalLink { EntityType = "declaration", EntityKey = declaration.Id });
        context.Journal.Links.Add(new JournalLink { EntityType = "farm", EntityKey = farm.Code });
        return HandlerResult.Accepted(new { declared = wellFormed.Count }) with { Answer = Accepted };
    }

    private static async Task CheckFarmAsync(HubDbContext db, CanonicalDeclaration d, Farm? farm, List<InboundReason> reasons, CancellationToken ct)
    {
        if (farm is null)
        {
            reasons.Add(new InboundReason(DeclarationCodes.FarmUnknown,
                $"养殖场户 {d.FarmCode} is not in the farm registry: a farm without registry data may not declare", "$.yzcbm"));
            return;
        }
        var gaps = FarmGaps(farm);
        if (gaps.Count > 0)
            reasons.Add(new InboundReason(DeclarationCodes.FarmIncomplete, $"the registry record lacks {string.Join(", ", gaps)}", "$.yzcbm"));
        if (farm.Status == FarmStatus.Closed)
            reasons.Add(new InboundReason(DeclarationCodes.FarmClosed, $"养殖场户 {farm.Code} is closed in the registry", "$.yzcbm"));
        if (farm.QrToken is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(farm.QrToken), Encoding.UTF8.GetBytes(d.QrToken)))
            reasons.Add(new InboundReason(DeclarationCodes.QrMismatch, "the QR token is not this farm's current one (rotated, or another farm's)", "$.ewm"));
        if (!await CountyRolloutRules.IsEnabledAsync(db, farm.CountyCode, d.DeclaredAt, ct))
            reasons.Add(new InboundReason(DeclarationCodes.CountyNotEnabled,
                $"county {farm.CountyCode} has not switched on linked declaration for {ChinaDay(d.DeclaredAt)}", "$.yzcbm"));
        var stock = farm.Stock.FirstOrDefault(s => s.Species == d.Species);
        if (stock is null)
            reasons.Add(new InboundReason(DeclarationCodes.SpeciesNotKept, $"养殖场户 {farm.Code} keeps no {d.Species.ToString().ToLowerInvariant()}", "$.xmdm"));
        else if (d.HeadCount > stock.Count)
            reasons.Add(new InboundReason(DeclarationCodes.ExceedsStock, $"head count {d.HeadCount} is above the stock of {stock.Count}", "$.sl"));
    }

    private static void CheckCount(CanonicalDeclaration d, List<InboundReason> reasons)
    {
        if (d.Tags.Count != d.HeadCount)
            reasons.Add(new InboundReason(DeclarationCodes.CountMismatch, $"{d.Tags.Count} ear tags for a head count of {d.HeadCount}", "$.ebh"));
        var repeated = Repeated(d.Tags);
        if (repeated.Count > 0)
            reasons.Add(new InboundReason(DeclarationCodes.DuplicateTags, "ear tags named more than once", "$.ebh", repeated));
    }

    /// <returns>The distinct well-formed tags of the declared species.</returns>
    private static List<long> CheckTagFormat(CanonicalDeclaration d, List<InboundReason> reasons)
    {
        var good = new List<long>();
        var malformed = new List<string>();
        foreach (var text in d.Tags.Distinct())
        {
            if (TagNumber.TryParse(text, out var tag) && tag.Species == d.Species) good.Add(tag.Value);
            else malformed.Add(text);
        }
        if (malformed.Count > 0)
            reasons.Add(new InboundReason(DeclarationCodes.TagMalformed,
                $"not a 15-digit ear tag of species {(int)d.Species} ({d.Species.ToString().ToLowerInvariant()})", "$.ebh", malformed));
        return good;
    }

    private static void CheckTagStanding(CanonicalDeclaration d, Farm farm, Dictionary<long, TagStanding> standing, List<InboundReason> reasons)
    {
        var notInTownship = new List<long>();
        var otherFarm = new List<long>();
        var used = new List<long>();
        var cancelled = new List<long>();
        foreach (var s in standing.Values)
        {
            if (s.CancelledIn is not null) cancelled.Add(s.Tag);
            else if (s.UsedIn is not null || s.DeclaredIn is not null) used.Add(s.Tag);
            else if (s.HolderType == HolderType.Farm && s.HolderCode != farm.Code) otherFarm.Add(s.Tag);
            else if (s.Township != farm.TownshipCode) notInTownship.Add(s.Tag);
        }
        void Add(string code, string detail, List<long> tags)
        {
            if (tags.Count > 0) reasons.Add(new InboundReason(code, detail, "$.ebh", tags.Order().Select(TagNumber.Format).ToList()));
        }
        Add(DeclarationCodes.TagNotInTownshipStock, $"not in the ear-tag stock issued to township {farm.TownshipCode}", notInTownship);
        Add(DeclarationCodes.TagIssuedToOtherFarm, "issued to another farm", otherFarm);
        Add(DeclarationCodes.TagAlreadyUsed, "already declared or used on a certificate", used);
        Add(DeclarationCodes.TagCancelled, "cancelled (注销)", cancelled);
    }

    /// <summary>Jilin ear-tag plan, task 一: name, phone, species, stock and address; what is missing, in the registry's own words.</summary>
    public static List<string> FarmGaps(Farm farm)
    {
        var gaps = new List<string>();
        if (string.IsNullOrWhiteSpace(farm.Name)) gaps.Add("name 名称");
        if (string.IsNullOrWhiteSpace(farm.Phone)) gaps.Add("phone 联系电话");
        if (string.IsNullOrWhiteSpace(farm.Address)) gaps.Add("address 地址");
        if (farm.Stock.Count == 0) gaps.Add("species and stock 养殖种类/存栏");
        return gaps;
    }

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
}
