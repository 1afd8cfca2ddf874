using System.Security.Cryptography;
using System.Text;
using EarTagTrace.Adapters.Djet;
using EarTagTrace.Adapters.Inbound;
using EarTagTrace.Hub.Inbound;
using EarTagTrace.Hub.Ledger;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.Djet;
using Npgsql;

namespace EarTagTrace.Hub.Features.Declarations;

/// <summary>
/// 检疫申报 answered at once: every declaration rule runs (docs/architecture.md) and every failure is reported with the tags concerned, so the
/// farmer sees all of them in 动监e通 together. An accepted declaration reserves its tags as ranges (tag_event, kind
/// Declared: one row, its tags an int8multirange under an exclusion constraint), so two concurrent declarations naming one tag cannot both be accepted.
/// The accepted path is lean: one read of the farm, then one statement that checks where every tag stands and writes
/// the declaration and its ranges; only a refusal reads the ledger again, tag by tag, to name the tags of each reason.
/// </summary>
public sealed class ApplyDjetDeclaration()
    : DjetMessageHandler<CanonicalDeclaration>(DjetMessageTypes.Declaration, DjetDeclarationMapping.ToCanonical)
{
    private static readonly Dictionary<string, object?> Accepted = new() { ["jg"] = "accepted" };
    private static readonly Dictionary<string, object?> Rejected = new() { ["jg"] = "rejected" };

    /// <summary>What the rules need of the farm, read with the first sending of the id in one query.</summary>
    private sealed record FarmFacts(
        string Code, string? Name, string? Phone, string? Address, FarmStatus Status, string? QrToken, string CountyCode,
        string TownshipCode, int SpeciesKept, int? Stock, bool CountyEnabled);

    private static readonly string ReadSql = $"""
        select f.code, f.name, f.phone, f.address, f.status, f.qr_token, f.county_code, f.township_code,
               (select count(*)::int from farm_stock s where s.farm_code = f.code),
               (select s.count from farm_stock s where s.farm_code = f.code and s.species = @species),
               {CountyRolloutRules.EnabledSql("f.county_code", "@day")},
               d.content_hash, d.journal_id
        from (values (1)) as one(x)
        left join farm f on f.code = @farm
        left join declaration d on d.id = @id
        """;

    /// <summary>
    /// The tag rules of <see cref="CheckTagStanding"/> for all tags at once (@m, a multirange), and the writes when they
    /// hold. A tag passes when nobody declared, used or cancelled it, no other farm holds it, and it entered the farm's
    /// township's stock: first-issued to the township, or (never first-issued) registered by the township itself.
    /// The statement reserves the journal entry's id itself (j), and the rows it writes carry it.
    /// </summary>
    private const string DeclareSql = $$"""
        with j as materialized (select {{HandlerContext.NextJournalIdSql}} as id),
        ok as (
          select not exists (select 1 from tag_event e where e.kind = 'Declared' and e.tags && @m)
             and not exists (select 1 from tag_event e where e.kind = 'Used' and e.tags && @m)
             and not exists (select 1 from tag_event e where e.kind = 'Cancelled' and e.tags && @m)
             and not exists (select 1 from tag_holding h where h.tag_range && @m and h.holder_type = 'Farm' and h.holder_code <> @farm)
             and @m <@ (coalesce(fi.mine, '{}') + (coalesce(tr.own, '{}') - coalesce(fi.any, '{}'))) as ok
          from (select range_agg(x.tag_range) filter (where i.receiver_code = @township) as mine, range_agg(x.tag_range) as any
                from tag_issuance_range x join tag_issuance i on i.id = x.issuance_id
                where x.tag_range && @m and i.kind = 'First') fi,
               (select range_agg(g.tag_range) as own from tag_registration g
                where g.tag_range && @m and g.registrar_type = 'Township' and g.registrar_code = @township) tr
        ),
        d as (
          insert into declaration (id, farm_code, county_code, species, head_count, destination_code, destination_address,
                                   purpose, declared_at, content_hash, journal_id)
          select @id, @farm, @county, @species, @head, @destination, @address, @purpose, @at, @hash, j.id
          from ok, j where ok.ok
          returning 1
        ),
        e as (
          insert into tag_event (tags, kind, ref_id, holder_type, holder_code, at, journal_id)
          select @m, 'Declared', @id, 'Farm', @farm, @at, j.id from ok, j where ok.ok
          returning 1
        )
        select (select count(*) from d) = 1, (select id from j)
        """;

    protected override async Task<HandlerResult> ApplyAsync(HandlerContext context, CanonicalDeclaration declaration, CancellationToken ct)
    {
        var db = context.Db;
        context.Journal.PartnerId = declaration.Id;
        var hash = ContentHash(declaration);
        var species = declaration.Species.ToString();
        FarmFacts? farm = null;
        FirstApplied? first = null;
        await using (var read = MessageSql.Command(db, ReadSql))
        {
            read.Parameters.Add(MessageSql.P("farm", declaration.FarmCode));
            read.Parameters.Add(MessageSql.P("id", declaration.Id));
            read.Parameters.Add(MessageSql.P("species", species));
            read.Parameters.Add(MessageSql.P("day", CountyRolloutRules.ChinaDate(declaration.DeclaredAt)));
            await using var r = await read.ExecuteReaderAsync(ct);
            await r.ReadAsync(ct);
            string? S(int i) => r.IsDBNull(i) ? null : r.GetString(i);
            if (!r.IsDBNull(0))
                farm = new FarmFacts(r.GetString(0), S(1), S(2), S(3), Enum.Parse<FarmStatus>(r.GetString(4)), S(5), r.GetString(6),
                    r.GetString(7), r.GetInt32(8), r.IsDBNull(9) ? null : r.GetInt32(9), r.GetBoolean(10));
            if (!r.IsDBNull(11)) first = new FirstApplied(r.GetString(11), r.IsDBNull(12) ? null : r.GetInt64(12));
        }
        if (first is not null)
            return Repeat(declaration.Id, first, hash) with { Answer = first.ContentHash == hash ? Accepted : Rejected };

        var reasons = new List<InboundReason>();
        CheckFarm(declaration, farm, reasons);
        CheckCount(declaration, reasons);
        var wellFormed = CheckTagFormat(declaration, reasons);

        if (reasons.Count == 0)
        {
            await using var declare = MessageSql.Command(db, DeclareSql);
            declare.Parameters.AddRange(new NpgsqlParameter[]
            {
                LedgerSql.Multirange("m", wellFormed.Select(t => new TagRange(t, t))), // consecutive tags merge into one range
                MessageSql.P("id", declaration.Id), MessageSql.P("farm", farm!.Code), MessageSql.P("township", farm.TownshipCode),
                MessageSql.P("county", farm.CountyCode), MessageSql.P("species", species), MessageSql.P("head", declaration.HeadCount),
                MessageSql.P("destination", declaration.Destination.RegionCode), MessageSql.P("address", declaration.Destination.Address),
                MessageSql.P("purpose", declaration.Purpose.ToString()), MessageSql.P("at", declaration.DeclaredAt),
                MessageSql.P("hash", hash),
            });
            bool declared;
            await using (var r = await declare.ExecuteReaderAsync(ct))
            {
                await r.ReadAsync(ct);
                declared = r.GetBoolean(0);
                if (declared) context.UseJournalId(r.GetInt64(1));
            }
            if (declared)
            {
                context.Journal.Links.Add(new JournalLink { EntityType = "declaration", EntityKey = declaration.Id });
                context.Journal.Links.Add(new JournalLink { EntityType = "farm", EntityKey = farm.Code });
                return HandlerResult.Accepted(new { declared = wellFormed.Count }) with { Answer = Accepted };
            }
        }

        // Refused: name the tags of every reason, as 动监e通 shows them to the farmer.
        if (farm is not null)
            CheckTagStanding(farm, await TagStanding.LoadAsync(db, wellFormed, ct), reasons);
        // The statement found a tag that does not stand, and the read after it finds none: the ledger changed in
        // between (another message committed); apply the declaration again on the new state.
        if (reasons.Count == 0) throw LedgerSql.Conflict($"declaration {declaration.Id}: the tags' standing changed while it was checked");
        return HandlerResult.Refused(reasons) with { Answer = Rejected };
    }

    private static void CheckFarm(CanonicalDeclaration d, FarmFacts? farm, List<InboundReason> reasons)
    {
        if (farm is null)
        {
            reasons.Add(new InboundReason(DeclarationCodes.FarmUnknown,
                $"养殖场户 {d.FarmCode} is not in the farm registry: a farm without registry data may not declare", "$.yzcbm"));
            return;
        }
        var gaps = FarmCompleteness.Gaps(farm.Name, farm.Phone, farm.Address, farm.SpeciesKept);
        if (gaps.Count > 0)
            reasons.Add(new InboundReason(DeclarationCodes.FarmIncomplete, $"the registry record lacks {string.Join(", ", gaps)}", "$.yzcbm"));
        if (farm.Status == FarmStatus.Closed)
            reasons.Add(new InboundReason(DeclarationCodes.FarmClosed, $"养殖场户 {farm.Code} is closed in the registry", "$.yzcbm"));
        if (farm.QrToken is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(farm.QrToken), Encoding.UTF8.GetBytes(d.QrToken)))
            reasons.Add(new InboundReason(DeclarationCodes.QrMismatch, "the QR token is not this farm's current one (rotated, or another farm's)", "$.ewm"));
        if (!farm.CountyEnabled)
            reasons.Add(new InboundReason(DeclarationCodes.CountyNotEnabled,
                $"county {farm.CountyCode} has not switched on linked declaration for {ChinaDay(d.DeclaredAt)}", "$.yzcbm"));
        if (farm.Stock is not { } stock)
            reasons.Add(new InboundReason(DeclarationCodes.SpeciesNotKept, $"养殖场户 {farm.Code} keeps no {d.Species.ToString().ToLowerInvariant()}", "$.xmdm"));
        else if (d.HeadCount > stock)
            reasons.Add(new InboundReason(DeclarationCodes.ExceedsStock, $"head count {d.HeadCount} is above the stock of {stock}", "$.sl"));
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

    private static void CheckTagStanding(FarmFacts farm, Dictionary<long, TagStanding> standing, List<InboundReason> reasons)
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
