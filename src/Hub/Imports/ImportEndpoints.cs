using EarTagTrace.Hub.Access;

namespace EarTagTrace.Hub.Imports;

public static class ImportEndpoints
{
    public static IEndpointRouteBuilder MapSheetImports(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/imports/{id:guid}", GetSheetImport.HandleAsync).WithTags("Imports 导入进度")
            .WithSummary("Progress of a long sheet import (202 of an import): rows read, rows checked, state (checking, writing, done, refused, failed) and the final report.")
            .RequireAuthorization(StaffPolicies.Read);
        return app;
    }
}
