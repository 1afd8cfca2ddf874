using EarTagTrace.Adapters.Djet;
using EarTagTrace.Adapters.Inbound;
using EarTagTrace.Hub.Inbound;
using EarTagTrace.Hub.Ledger;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.Djet;

namespace EarTagTrace.Hub.Features.Declarations;

/// <summary>
/// 存栏变动 出生/购入/死亡/出栏 from 动监e通. The registry's record is the baseline as of its update time: a change after
/// that time applies on top of it; a change at or before it is recorded but not applied (the baseline counts it).
/// </summary>
public sealed class ApplyDjetStockChange()
    : DjetMessageHandler<CanonicalStockChange>(DjetMessageTypes.StockChange, DjetStockChangeMapping.ToCanonical)
{
    private static readonly StockChangeType[] DjetKinds =
        [StockChangeType.Birth, StockChangeType.Purchase, StockChangeType.Death, StockChangeType.Sale];

    protected override async Task<HandlerResult> ApplyAsync(HandlerContext context, CanonicalStockChange change, CancellationToken ct)
    {
        var db = context.Db;
        context.Journal.PartnerId = change.Id;
        var earlier = await db.StockChanges.AsNoTracking()
            .Where(x => x.PartnerId == change.Id && DjetKinds.Contains(x.Kind))
            .Select(x => new { x.FarmCode, x.Species, x.Kind, x.Count, x.At, x.JournalId }).FirstOrDefaultAsync(ct);
        if (earlier is not null)
        {
            var same = earlier.FarmCode == change.FarmCode && earlier.Species == change.Species
                && earlier.Kind == (StockChangeType)(int)change.Kind && earlier.Count == change.Count && earlier.At == change.ChangedAt;
            return Repeat(change.Id, same, earlier.JournalId);
        }

        await FarmLock.TakeAsync(db, change.FarmCode, ct);
        var farm = await db.Farms.Include(f => f.Stock).FirstOrDefaultAsync(f => f.Code == change.FarmCode, ct);
        if (farm is null)
            return HandlerResult.Refused([new InboundReason(DeclarationCodes.FarmUnknown, $"养殖场户 {change.FarmCode} is not in the farm registry", "$.yzcbm")]);

        var applies = change.ChangedAt > farm.RegistryUpdatedAt;
        var stock = farm.Stock.FirstOrDefault(s => s.Species == change.Species);
        var before = stock?.Count ?? 0;
        if (applies && before + change.Delta < 0)
            return HandlerResult.Refused([new InboundReason(DeclarationCodes.StockInsufficient,
                $"{change.Count} {change.Kind.ToString().ToLowerInvariant()} but the farm's stock of {change.Species.ToString().ToLowerInvariant()} is {before}", "$.sl")]);

        if (applies)
        {
            if (stock is null) farm.Stock.Add(stock = new FarmStock { FarmCode = farm.Code, Species = change.Species });
            stock.Count = before + change.Delta;
        }
        db.StockChanges.Add(new StockChange
        {
            PartnerId = change.Id, FarmCode = farm.Code, Species = change.Species, Kind = (StockChangeType)(int)change.Kind,
            Count = change.Count, Delta = change.Delta, At = change.ChangedAt, Applied = applies, StockAfter = applies ? before + change.Delta : before,
            RecordedAt = context.Now, JournalId = await context.JournalIdAsync(ct),
        });
        context.Journal.Links.Add(new JournalLink { EntityType = "farm", EntityKey = farm.Code });
        return HandlerResult.Accepted(new
        {
            applied = applies,
            stock = applies ? before + change.Delta : before,
            note = applies ? null : "at or before the registry baseline, which already counts it",
        });
    }
}
