using System.Text;

namespace EarTagTrace.Hub.Edge;

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

    public const string LoneSurrogateCode = "TEXT_LONE_SURROGATE";
    public const string NotUtf8Code = "BODY_NOT_UTF8";

    /// <summary>
    /// Whether JSON text escapes half a surrogate pair (\ud800 alone, or a low half first): System.Text.Json and
    /// Newtonsoft both read it into a string that is not valid UTF-16, which no UTF-8 column can store and which fails
    /// when the hub writes it anywhere. Text decoded from UTF-8 holds no raw lone surrogate, so escapes are all to check.
    /// </summary>
    public static bool HasLoneSurrogate(string json)
    {
        for (var i = json.IndexOf('\\'); i >= 0 && i < json.Length - 1; i = json.IndexOf('\\', i))
        {
            if (json[i + 1] != 'u') { i += 2; continue; } // \\, \" and the like: the next character is not an escape
            var unit = Escaped(json, i);
            if (unit is null) { i += 2; continue; }
            if (char.IsLowSurrogate(unit.Value)) return true;
            if (char.IsHighSurrogate(unit.Value))
            {
                if (Escaped(json, i + 6) is not { } low || !char.IsLowSurrogate(low)) return true;
                i += 12;
                continue;
            }
            i += 6;
        }
        return false;
    }

    private static char? Escaped(string json, int at) =>
        at + 6 <= json.Length && json[at] == '\\' && json[at + 1] == 'u'
        && ushort.TryParse(json.AsSpan(at + 2, 4), System.Globalization.NumberStyles.AllowHexSpecifier, null, out var unit)
            ? (char)unit : null;

    public static string LoneSurrogateDetail(string where) =>
        $"{where} escapes half of a UTF-16 surrogate pair (e.g. \\ud800 alone), which is no character and cannot be stored";

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
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

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
            string body;
            try
            {
                using var reader = new StreamReader(request.Body, StrictUtf8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
                body = await reader.ReadToEndAsync(http.RequestAborted);
            }
            catch (DecoderFallbackException)
            {
                await ProblemWriter.WriteAsync(http.Response, StatusCodes.Status400BadRequest, TextSafety.NotUtf8Code,
                    "the body is not UTF-8 text; send JSON in UTF-8");
                return;
            }
            request.Body.Position = 0;
            if (TextSafety.HasNul(body)) where = "the body";
            else if (TextSafety.HasLoneSurrogate(body))
            {
                await ProblemWriter.WriteAsync(http.Response, StatusCodes.Status400BadRequest, TextSafety.LoneSurrogateCode,
                    TextSafety.LoneSurrogateDetail("the body"));
                return;
            }
        }
        if (where is not null)
        {
            await ProblemWriter.WriteAsync(http.Response, StatusCodes.Status400BadRequest, TextSafety.Code, TextSafety.NulDetail(where));
            return;
        }
        await next(http);
    }

    private static bool HasNul(string? s) => s is not null && s.Contains('\0');
}
