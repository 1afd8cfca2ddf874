namespace EarTagTrace.Hub.Features.TagStockSheet;

public static class TagStockSheetEndpoints
{
    public static IEndpointRouteBuilder MapTagStockSheet(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/tag-stock").WithTags("Stock sheet 库存耳标登记表").RequireAuthorization(Access.StaffPolicies.Clerk);
        group.MapGet("/template", GetStockSheetTemplate.Handle)
            .WithSummary("The .xlsx template: 县级区划代码, 箱号, 包号, 起始耳标号, 终止耳标号, 数量, 登记时间, with a marked example row and instructions.")
            .Produces(StatusCodes.Status200OK, typeof(byte[]), StockSheetWriter.ContentType);
        // No Accepts metadata: routing would answer a wrong Content-Type with a bare 415; the handler answers 400 saying
        // what to send.
        group.MapPost("/import", ImportStockSheet.HandleAsync)
            .WithSummary("Import a filled sheet (multipart field \"file\", or the body as text/csv or .xlsx): every row registered, or none and a report per cell (row, column, code, detail). Journaled as sheet/tag-stock-import.")
            .WithMetadata(new Edge.SheetBodyLimit())
            .Produces<ImportStockSheet.Imported>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }
}
