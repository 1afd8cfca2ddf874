using System.Net.Sockets;
using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace EarTagTrace.Hub.Health;

/// <summary>
/// PostgreSQL down or restarting is not the hub's bug and not the caller's mistake: a call that needed it is answered
/// 503 DATABASE_UNAVAILABLE with Retry-After, so a partner resends later instead of reading a 500 as a refusal. Nothing
/// was committed: the message's transaction never reached its commit.
/// </summary>
public sealed class DatabaseUnavailable(ILogger<DatabaseUnavailable> log) : IExceptionHandler
{
    public const string Code = "DATABASE_UNAVAILABLE";

    public static bool Is(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                // 08: connection exceptions; 57P01–57P03: the server is shutting down or starting; 53300: too many connections.
                case PostgresException pg when pg.SqlState.StartsWith("08", StringComparison.Ordinal)
                    || pg.SqlState is "57P01" or "57P02" or "57P03" or "53300":
                    return true;
                case PostgresException:
                    return false;
                case NpgsqlException { IsTransient: true }:
                case SocketException:
                    return true;
            }
        }
        return false;
    }

    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        if (!Is(exception)) return false;
        log.LogWarning("{Method} {Path}: PostgreSQL unavailable: {Error}", http.Request.Method, http.Request.Path, exception.GetBaseException().Message);
        http.Response.Headers.RetryAfter = "5";
        await Edge.ProblemWriter.WriteAsync(http.Response, StatusCodes.Status503ServiceUnavailable, Code,
            "PostgreSQL does not answer; nothing was applied, send the message again later");
        return true;
    }
}
