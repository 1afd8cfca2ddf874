using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EarTagTrace.Hub.ApiDescription;

public static class ApiDescriptionExtensions
{
    /// <summary>/openapi/v1.json for client generators: operationIds, typed answers, reason codes, security, contracts.</summary>
    public static IServiceCollection AddApiDescription(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Transient<IApiDescriptionProvider, InferredResponses>());
        return services.AddOpenApi(o =>
        {
            o.CreateSchemaReferenceId = SchemaNames.ReferenceId;
            o.AddOperationTransformer<OperationConventions>();
            o.AddDocumentTransformer<DocumentConventions>();
        });
    }
}
