using System.Text.Json;
using EarTagTrace.Adapters.Djet;
using EarTagTrace.Adapters.Inbound;
using EarTagTrace.Hub.Inbound;
using EarTagTrace.Hub.Ledger;
using EarTagTrace.Hub.Messaging;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Hub.Persistence.Tables;
using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.Common;
using EarTagTrace.Mappings.Djet;

namespace EarTagTrace.Hub.Features.Farms;

/// <summary>
/// 现场纠正 farm fields a vet corrected on site, from 动监e通 (信息共享: the registry and 动监e通 share farm data). Load the
/// farm, <see cref="Decide"/> in plain C#, store: the hub's farm takes the corrected fields and the correction's time,
/// and the correction is forwarded to the registry, the system of record, through the outbox. Newest wins: a correction
/// not newer than the farm data the hub holds is refused and not forwarded; once applied, a registry record older than
/// it is stale (FarmUpsert) and does not undo it.
/// </summary>
public sealed class ApplyDjetFarmCorrection()
    : DjetMessageHandler<CanonicalFarmCorrection>(DjetMessageTypes.FarmCorrection, DjetFarmCorrectionMapping.ToCanonical)
{
    /// <summary>The declaration's code for the same fact: the registry never sent this farm.</summary>
    public const string FarmUnknown = "FARM_UNKNOWN";
    public const string Outdated = "FARM_CORRECTION_OUTDATED";
    public const string InFuture = "FARM_CORRECTION_IN_FUTURE";

    /// <summary>The clock skew a partner's time may have: a later jzsj would win over every update to come.</summary>
    public static readonly TimeSpan MaxSkew = TimeSpan.FromMinutes(5);

    /// <summary>The farm as the hub holds it: what a correction is compared with.</summary>
    public sealed record FarmFacts(string Code, string RegionCode, DateTimeOffset UpdatedAt, string? ContactName, string? Phone,
        string? Address, decimal? Longitude, decimal? Latitude, IReadOnlyList<SpeciesStock> Stock);

    /// <summary>What an accepted correction writes: the fields it changed (empty: nothing differs, nothing is forwarded).</summary>
    public sealed record Rows(IReadOnlyList<string> Changed);

    public static Decision<Rows> Decide(FarmFacts? farm, CanonicalFarmCorrection c, DateTimeOffset now)
    {
        if (farm is null)
            return Decision<Rows>.Refuse([new InboundReason(FarmUnknown,
                $"养殖场户 {c.FarmCode} is not in the farm registry; a correction needs a farm the registry sent", "FarmCode")]);
        if (c.CorrectedAt > now + MaxSkew)
            return Decision<Rows>.Refuse([new InboundReason(InFuture,
                $"纠正时间 {ChinaTime.ToText(c.CorrectedAt)} is later than now ({ChinaTime.ToText(now)}); it would win over every later update", "CorrectedAt")]);
        if (c.CorrectedAt <= farm.UpdatedAt)
            return Decision<Rows>.Refuse([new InboundReason(Outdated,
                $"纠正时间 {ChinaTime.ToText(c.CorrectedAt)} is not newer than the farm data the hub holds (updated {ChinaTime.ToText(farm.UpdatedAt)}): newest wins, so it is neither applied nor forwarded to the registry",
                "CorrectedAt")]);

        var changed = new List<string>();
        if (c.ContactName is not null && c.ContactName != farm.ContactName) changed.Add("fzr");
        if (c.Phone is not null && c.Phone != farm.Phone) changed.Add("lxdh");
        if (c.Address is not null && c.Address != farm.Address) changed.Add("dz");
        if (c.Longitude is not null && (c.Longitude != farm.Longitude || c.Latitude != farm.Latitude)) changed.Add("jd/wd");
        if (c.Stock is not null && !SameStock(c.Stock, farm.Stock)) changed.Add("yzzl");

        var decision = Decision<Rows>.Accept(new Rows(changed), new
        {
            farm = farm.Code,
            changed,
            forwarded = changed.Count > 0,
            note = changed.Count > 0 ? null : "nothing differs from the farm the hub holds; not forwarded to the registry",
        }) with { Links = [("farm", farm.Code)] };
        return changed.Count == 0 ? decision : decision with
        {
            Announcements = [new OutboxTable.Item(Destinations.FarmRegistryCorrections, "correction:" + c.Id,
                JsonSerializer.Serialize(c, CanonicalJson.Options), farm.RegionCode)],
        };
    }

    private static bool SameStock(IReadOnlyList<SpeciesStock> a, IReadOnlyList<SpeciesStock> b) =>
        a.Count == b.Count && a.OrderBy(s => s.Species).SequenceEqual(b.OrderBy(s => s.Species));

    protected override async Task<HandlerResult> ApplyAsync(HandlerContext context, CanonicalFarmCorrection c, CancellationToken ct)
    {
        var db = context.Db;
        var (repeat, hash) = await FirstTimeAsync(context, FarmTables.CorrectionFirstApplied, c.Id, c, ct);
        if (repeat is not null) return repeat;

        // Load: the farm row locked, as certificates, stock changes and registry pushes lock it before rewriting it.
        await FarmLock.TakeAsync(db, c.FarmCode, ct);
        var farm = await db.Farms.Include(f => f.Stock).FirstOrDefaultAsync(f => f.Code == c.FarmCode, ct);
        var facts = farm is null ? null : new FarmFacts(farm.Code, farm.RegionCode, farm.RegistryUpdatedAt, farm.ContactName, farm.Phone,
            farm.Address, farm.Longitude, farm.Latitude, [.. farm.Stock.Select(s => new SpeciesStock(s.Species, s.Count))]);

        var decision = Decide(facts, c, context.Now);
        if (!decision.IsAccepted)
            return HandlerResult.Refused([.. decision.Reasons.Select(r => r with { Path = DjetFarmCorrectionMapping.PartnerPath(r.Path) })]);

        // Store.
        var journalId = await context.JournalIdAsync(ct);
        var changed = decision.Rows!.Changed.Count > 0;
        if (changed) Apply(farm!, c, journalId, context.Now, db);
        db.FarmCorrections.Add(new FarmCorrection
        {
            Id = c.Id, FarmCode = c.FarmCode, CorrectedAt = c.CorrectedAt, Vet = c.Vet, Changed = changed, ContentHash = hash,
            Fields = JsonSerializer.Serialize(c, CanonicalJson.Options), JournalId = journalId, RecordedAt = context.Now,
        });
        await OutboxTable.InsertAsync(db, decision.Announcements, journalId, context.Now, ct);
        foreach (var (type, key) in decision.Links) context.Journal.Links.Add(new JournalLink { EntityType = type, EntityKey = key });
        return HandlerResult.Accepted(decision.Summary);
    }

    /// <summary>The corrected fields onto the farm; corrected stock is a new baseline as of the correction's time.</summary>
    private static void Apply(Farm farm, CanonicalFarmCorrection c, long journalId, DateTimeOffset now, HubDbContext db)
    {
        farm.ContactName = c.ContactName ?? farm.ContactName;
        farm.Phone = c.Phone ?? farm.Phone;
        farm.Address = c.Address ?? farm.Address;
        if (c.Longitude is not null) (farm.Longitude, farm.Latitude) = (c.Longitude, c.Latitude);
        if (c.Stock is { } stock)
        {
            farm.Stock.RemoveAll(s => !stock.Any(x => x.Species == s.Species));
            foreach (var s in stock)
            {
                var held = farm.Stock.FirstOrDefault(x => x.Species == s.Species);
                if (held is null) farm.Stock.Add(held = new FarmStock { FarmCode = farm.Code, Species = s.Species });
                held.Count = s.Count;
                db.StockChanges.Add(new StockChange
                {
                    FarmCode = farm.Code, Species = s.Species, Kind = StockChangeType.Baseline, Count = s.Count, Delta = 0,
                    At = c.CorrectedAt, Applied = true, StockAfter = s.Count, RecordedAt = now, JournalId = journalId,
                });
            }
        }
        farm.IsComplete = FarmCompleteness.IsComplete(farm.Name, farm.Phone, farm.Address, farm.Stock.Count);
        farm.RegistryUpdatedAt = c.CorrectedAt;
        farm.UpdatedAt = now;
    }
}
