using System.Text;

namespace EarTagTrace.Hub.Access;

/// <summary>
/// Text PostgreSQL cannot store: the NUL character (U+0000), whether sent raw or as the JSON escape \u0000. Checked on
/// the raw text, so the common case costs one scan and no parse. A literal backslash followed by "u0000" is refused
/// too; no partner or clerk has a reason to send it.
/// </summary>
public static class TextSafety
{
    public const string Code = "TEXT_NUL";

    public static bool HasNul(string text) => text.Contains('\0') || text.Contains("\\u0000", StringComparison.OrdinalIgnoreCase);

    public static string NulDetail(string where) =>
        $"{where} holds the NUL character (U+0000, or the JSON escape \\u0000), which cannot be stored; remove it";

    /// <summary>The text with NUL characters made visible, so that a refused body can still be journaled.</summary>
    public static string Storable(string text) => text.Contains('\0') ? text.Replace('\0', '\uFFFD') : text;

    /// <summary>At most <paramref name="maxBytes"/> UTF-8 bytes of the text, cut on a character boundary.</summary>
    public static (string Text, bool Truncated) Truncate(string text, int maxBytes)
    {
        if (text.Length <= maxBytes / 4 || Encoding.UTF8.GetByteCount(text) <= maxBytes) return (text, false);
        var chars = 0;
        var bytes = 0;
        while (chars < text.Length)
        {
            var width = char.IsHighSurrogate(text[chars]) && chars + 1 < text.Length ? 2 : 1;
            var n = Encoding.UTF8.GetByteCount(text.AsSpan(chars, width));
            if (bytes + n > maxBytes) break;
            bytes += n;
            chars += width;
        }
        return (text[..chars], true);
    }
}

/// <summary>
/// Refuses a staff call whose path, query or JSON body carries a NUL before any handler sees it: a NUL reaching
/// PostgreSQL would fail the statement and answer 500.
/// </summary>
public sealed class TextSafetyMiddleware(RequestDelegate next)
{
    private const int MaxBufferedJson = 4 * 1024 * 1024;

    public async Task InvokeAsync(HttpContext http)
    {
        var request = http.Request;
        if (!request.Path.StartsWithSegments("/api"))
        {
            await next(http);
            return;
        }
        string? where = null;
        if (HasNul(request.Path.Value)) where = "the path";
        else if (request.Query.Any(q => HasNul(q.Key) || q.Value.Any(v => HasNul(v)))) where = "the query string";
        else if (request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true
                 && request.ContentLength is null or <= MaxBufferedJson)
        {
            request.EnableBuffering();
            using var reader = new StreamReader(request.Body, Encoding.UTF8, leaveOpen: true);
            var body = await reader.ReadToEndAsync(http.RequestAborted);
            request.Body.Position = 0;
            if (TextSafety.HasNul(body)) where = "the body";
        }
        if (where is not null)
        {
            await AccessExtensions.WriteProblemAsync(http.Response, StatusCodes.Status400BadRequest, TextSafety.Code, TextSafety.NulDetail(where));
            return;
        }
        await next(http);
    }

    private static bool HasNul(string? s) => s is not null && s.Contains('\0');
}
