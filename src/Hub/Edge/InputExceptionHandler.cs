using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace EarTagTrace.Hub.Edge;

/// <summary>
/// The last line against a 500 for bad input: a body the framework could not read, one over its limit, JSON that does
/// not bind, or a value PostgreSQL refuses as data (class 22: too long, out of range, bad encoding) is the caller's
/// to fix and is answered 4xx with a reason. Anything else is the hub's fault and stays a 500.
/// </summary>
public sealed class InputExceptionHandler(ILogger<InputExceptionHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        var (status, title, detail) = Classify(exception);
        if (status == 0) return false;
        log.LogInformation("Refused {Method} {Path}: {Title} {Detail}", http.Request.Method, http.Request.Path, title, detail);
        await ProblemWriter.WriteAsync(http.Response, status, title, detail);
        return true;
    }

    public static (int Status, string Title, string Detail) Classify(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case BodyLimitMiddleware.BodyTooLargeException tooLarge:
                    return (StatusCodes.Status413PayloadTooLarge, "BODY_TOO_LARGE", tooLarge.Message);
                case BadHttpRequestException bad:
                    return (bad.StatusCode, bad switch
                    {
                        { StatusCode: StatusCodes.Status413PayloadTooLarge } => "BODY_TOO_LARGE",
                        { StatusCode: StatusCodes.Status415UnsupportedMediaType } => "CONTENT_TYPE_UNSUPPORTED",
                        { InnerException: JsonException } => "JSON_INVALID",
                        // Minimal APIs: "Failed to bind parameter "int? Limit" from "abc"", a required one missing, …
                        _ => "PARAMETER_INVALID",
                    }, bad.InnerException is JsonException inner ? $"{bad.Message} {inner.Message}" : bad.Message);
                case JsonException json:
                    return (StatusCodes.Status400BadRequest, "JSON_INVALID", json.Message);
                case PostgresException pg when pg.SqlState.StartsWith("22", StringComparison.Ordinal):
                    return (StatusCodes.Status400BadRequest, "INPUT_NOT_STORABLE", $"a value cannot be stored: {pg.MessageText}");
            }
        }
        return (0, "", "");
    }
}
