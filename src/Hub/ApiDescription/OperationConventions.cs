using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.OpenApi;

namespace EarTagTrace.Hub.ApiDescription;

/// <summary>
/// Per operation: an operationId client generators name methods by, the security scheme it needs, and the reason codes
/// each 4xx answer may carry (the ProblemDetails title, or the partner envelope's code).
/// </summary>
public sealed class OperationConventions : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var description = context.Description;
        var path = "/" + (description.RelativePath ?? "");
        var handler = description.ActionDescriptor.EndpointMetadata.OfType<MethodInfo>().FirstOrDefault();
        operation.OperationId ??= OperationId(description, handler, path);

        var partner = path.StartsWith("/adapters/", StringComparison.Ordinal);
        if (partner)
        {
            operation.Security = [new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(ApiConventions.PartnerAppKey, context.Document)] = [],
                [new OpenApiSecuritySchemeReference(ApiConventions.PartnerTimestamp, context.Document)] = [],
                [new OpenApiSecuritySchemeReference(ApiConventions.PartnerSign, context.Document)] = [],
            }];
        }
        else if (!ApiConventions.IsAnonymous(description))
        {
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiConventions.StaffBearer, context.Document)] = [] }];
        }
        else
        {
            // Said outright (an empty requirement: no credentials), so nobody reads a missing one as an oversight.
            operation.Security = [new OpenApiSecurityRequirement()];
        }

        var il = handler is null || partner ? null : ApiConventions.Read(handler);
        foreach (var (key, response) in operation.Responses ?? [])
        {
            if (!int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var status) || response is not OpenApiResponse concrete) continue;
            var phrase = ReasonPhrases.GetReasonPhrase(status);
            if (partner)
                concrete.Description = ApiConventions.PartnerAnswers.TryGetValue(status, out var text) ? text : phrase;
            else if (status >= 400 && ApiConventions.ReasonsFor(status, il) is { Count: > 0 } codes)
                concrete.Description = $"{phrase}. Reason codes (ProblemDetails title): {string.Join(", ", codes)}.";
            else if (string.IsNullOrEmpty(concrete.Description))
                concrete.Description = phrase;
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// The handler's class (and method, when it is not HandleAsync), camelCase: <c>listFarms</c>, <c>staffAccountsCreate</c>,
    /// <c>getFarmQrPng</c>; for a lambda, the method and path: <c>postDjetDeclarations</c>.
    /// </summary>
    private static string OperationId(Microsoft.AspNetCore.Mvc.ApiExplorer.ApiDescription description, MethodInfo? handler, string path)
    {
        if (description.ActionDescriptor.EndpointMetadata.OfType<IEndpointNameMetadata>().FirstOrDefault() is { } named)
            return Camel(named.EndpointName);
        if (handler is not null && (handler.Name.Contains('<') || handler.DeclaringType?.IsDefined(typeof(CompilerGeneratedAttribute)) == true)
            && ApiConventions.Read(handler).Target is MethodInfo target)
            handler = target;
        if (handler?.DeclaringType is { } type && !handler.Name.Contains('<') && !type.IsDefined(typeof(CompilerGeneratedAttribute)))
        {
            var method = handler.Name.EndsWith("Async", StringComparison.Ordinal) ? handler.Name[..^5] : handler.Name;
            return Camel(type.Name + (method is "Handle" ? "" : method));
        }
        var words = path.Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Where(s => s is not ("api" or "adapters"))
            .Select(s => s.StartsWith('{') ? "By" + Pascal(s.Trim('{', '}').Split(':')[0]) : Pascal(s));
        return (description.HttpMethod ?? "get").ToLowerInvariant() + string.Concat(words);
    }

    private static string Pascal(string segment) => string.Concat(segment.Split('-', '.', '_')
        .Where(w => w.Length > 0).Select(w => char.ToUpperInvariant(w[0]) + w[1..]));

    private static string Camel(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];
}
