using EarTagTrace.Adapters.Djet;
using EarTagTrace.Adapters.Inbound;
using EarTagTrace.Hub.Inbound;
using EarTagTrace.Hub.Ledger;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.Djet;

namespace EarTagTrace.Hub.Features.Tags;

/// <summary>动监e通 库存耳标登记 tag-stock push → registered ranges.</summary>
public sealed class ApplyDjetTagStock(RegionDirectory regions)
    : DjetMessageHandler<CanonicalTagStock>(DjetMessageTypes.TagStock, DjetTagStockMapping.ToCanonical)
{
    protected override async Task<HandlerResult> ApplyAsync(HandlerContext context, CanonicalTagStock message, CancellationToken ct)
    {
        context.Journal.PartnerId = message.RegistrarCode;
        var rows = message.Rows.Select((r, i) => new StockRegistrationRow(message.RegistrarCode, r, $"$.rows[{i}]")).ToList();
        return await TagStockRegistrar.RegisterAsync(context, await regions.GetAsync(ct), rows, PartnerNames.Djet, ct);
    }
}
