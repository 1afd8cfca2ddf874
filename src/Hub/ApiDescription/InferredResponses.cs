using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApiExplorer;

namespace EarTagTrace.Hub.ApiDescription;

/// <summary>
/// Gives each operation the answers its handler really gives (<see cref="HandlerIl"/>): typed 2xx bodies, files and
/// text with their media type, and a ProblemDetails body for each 4xx. The partner adapter endpoints answer in the
/// partners' own envelope (<see cref="PartnerAnswer"/>) instead. Runs after ASP.NET Core's own endpoint provider.
/// </summary>
public sealed class InferredResponses : IApiDescriptionProvider
{
    public int Order => -1000;

    public void OnProvidersExecuting(ApiDescriptionProviderContext context)
    {
        foreach (var description in context.Results)
        {
            var path = description.RelativePath ?? "";
            if (path.StartsWith("adapters/", StringComparison.Ordinal))
            {
                description.SupportedResponseTypes.Clear();
                foreach (var status in ApiConventions.PartnerStatuses)
                    Add(description, status, typeof(PartnerAnswer), "application/json");
                continue;
            }
            if (description.ActionDescriptor.EndpointMetadata.OfType<MethodInfo>().FirstOrDefault() is not { } handler) continue;
            var il = HandlerIl.Read(handler);
            foreach (var (status, type) in il.Answers)
                Add(description, status, type, "application/json");
            foreach (var (media, file) in il.RawAnswers)
                Add(description, 200, file ? typeof(byte[]) : media.EndsWith("json", StringComparison.Ordinal) ? typeof(System.Text.Json.Nodes.JsonObject) : typeof(string), media);
            foreach (var status in ApiConventions.ProblemStatuses(description, il))
                Add(description, status, typeof(ProblemDetails), "application/problem+json");
            // The default 200 of no type goes once the handler's own 2xx answers are known (a 201-only create, say).
            if (description.SupportedResponseTypes.Any(r => r.StatusCode is >= 200 and < 300 && Typed(r)))
                foreach (var untyped in description.SupportedResponseTypes.Where(r => r.StatusCode is >= 200 and < 300 && !Typed(r)).ToList())
                    description.SupportedResponseTypes.Remove(untyped);
        }
    }

    public void OnProvidersExecuted(ApiDescriptionProviderContext context) { }

    private static bool Typed(ApiResponseType r) => r.Type is not null && r.Type != typeof(void);

    private static void Add(Microsoft.AspNetCore.Mvc.ApiExplorer.ApiDescription description, int status, Type type, string media)
    {
        var existing = description.SupportedResponseTypes.FirstOrDefault(r => r.StatusCode == status);
        if (existing is not null && existing.Type is not null && existing.Type != typeof(void))
        {
            if (!existing.ApiResponseFormats.Any(f => f.MediaType == media) && existing.Type == type)
                existing.ApiResponseFormats.Add(new ApiResponseFormat { MediaType = media });
            return;
        }
        if (existing is not null) description.SupportedResponseTypes.Remove(existing);
        description.SupportedResponseTypes.Add(new ApiResponseType
        {
            StatusCode = status,
            Type = type,
            ApiResponseFormats = [new ApiResponseFormat { MediaType = media }],
        });
    }
}
