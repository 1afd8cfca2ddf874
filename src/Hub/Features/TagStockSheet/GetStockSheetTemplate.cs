namespace EarTagTrace.Hub.Features.TagStockSheet;

/// <summary>GET /api/tag-stock/template: the empty 库存耳标登记表 to fill in and send back to POST /api/tag-stock/import.</summary>
public static class GetStockSheetTemplate
{
    // Written once: it never changes while the hub runs.
    private static readonly Lazy<byte[]> Template = new(StockSheetWriter.Template);

    public static IResult Handle() =>
        Results.File(Template.Value, StockSheetWriter.ContentType, StockSheetWriter.FileName);
}
