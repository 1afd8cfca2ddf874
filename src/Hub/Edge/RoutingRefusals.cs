using Microsoft.AspNetCore.Diagnostics;

namespace EarTagTrace.Hub.Edge;

/// <summary>
/// The reason for a 4xx that left the pipeline without a body: routing found no endpoint for the path (or the id in it
/// is not a number, /api/journal/abc), the method or the Content-Type is not one the endpoint takes.
/// </summary>
public static class RoutingRefusals
{
    public static Task WriteAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var (title, detail) = http.Response.StatusCode switch
        {
            StatusCodes.Status404NotFound => ("ENDPOINT_UNKNOWN",
                $"no endpoint answers {http.Request.Method} {http.Request.Path}; the API is described at /openapi/v1.json"),
            StatusCodes.Status405MethodNotAllowed => ("METHOD_NOT_ALLOWED", $"{http.Request.Path} does not take {http.Request.Method}"),
            StatusCodes.Status415UnsupportedMediaType => ("CONTENT_TYPE_UNSUPPORTED",
                $"Content-Type {http.Request.ContentType ?? "(none)"} is not what {http.Request.Path} takes; send application/json"),
            var status and >= 400 and < 500 => ("BAD_REQUEST", $"the request was refused ({status})"),
            _ => ((string?)null, (string?)null),
        };
        return title is null ? Task.CompletedTask
            : ProblemWriter.WriteAsync(http.Response, http.Response.StatusCode, title, detail!);
    }
}
