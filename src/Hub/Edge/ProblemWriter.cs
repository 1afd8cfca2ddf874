using System.Text.Json;

namespace EarTagTrace.Hub.Edge;

/// <summary>
/// A refusal written straight to the response, for middleware that answers before an endpoint runs (body limit, text
/// check, rate limit, sign-in, routing): the same ProblemDetails shape, with its reason code as the title.
/// </summary>
public static class ProblemWriter
{
    public static Task WriteAsync(HttpResponse response, int status, string title, string detail)
    {
        response.StatusCode = status;
        response.ContentType = "application/problem+json";
        return response.WriteAsync(JsonSerializer.Serialize(new { type = "about:blank", title, status, detail }));
    }
}
