using System.Globalization;
using System.Text.RegularExpressions;
using EarTagTrace.Mappings.Common;

namespace EarTagTrace.Hub.Edge;

/// <summary>
/// Reads a time the way a caller writes it, once, at the edge: <c>2026-12-01T00:00:00+08:00</c>, <c>…-05:00</c> and
/// <c>…Z</c> are the instants they name; a time with no offset (<c>2026-12-01 08:00:00</c>, how partners and staff
/// write it) and a date alone (<c>2026-12-01</c>) are China time (+08:00). The answer is always a UTC
/// <see cref="DateTimeOffset"/>, so nothing behind the edge meets another offset (PostgreSQL's timestamptz refuses one).
/// </summary>
public static partial class CallerTime
{
    public const string Formats = "yyyy-MM-dd (a China date), or yyyy-MM-ddTHH:mm[:ss[.fff]] with Z or ±hh:mm (China time when none)";

    // ASCII digits only ([0-9], not \d, which takes full-width and other Unicode digits). A space before the offset is a
    // '+' that a query string decoded to a space (…T00:00:00 08:00).
    [GeneratedRegex(@"^(?<date>[0-9]{4}-[0-9]{2}-[0-9]{2})(?:[Tt ](?<time>[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,7})?)?)(?<offset>[Zz]|[+\- ][0-9]{2}:?[0-9]{2})?)?$",
        RegexOptions.CultureInvariant)]
    private static partial Regex Shape();

    /// <summary>The UTC instant <paramref name="text"/> names; <paramref name="isDate"/> when it was a date alone.</summary>
    public static bool TryRead(string? text, out DateTimeOffset utc, out bool isDate)
    {
        utc = default;
        isDate = false;
        if (text is null || text.Length > 40) return false;
        var m = Shape().Match(text.Trim());
        if (!m.Success) return false;
        if (!DateOnly.TryParseExact(m.Groups["date"].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return false;
        var time = TimeOnly.MinValue;
        if (m.Groups["time"].Success && !TimeOnly.TryParseExact(m.Groups["time"].Value, ["HH:mm", "HH:mm:ss", "HH:mm:ss.FFFFFFF"],
                CultureInfo.InvariantCulture, DateTimeStyles.None, out time))
            return false;
        var offset = ChinaTime.Offset;
        if (m.Groups["offset"] is { Success: true, Value: var o } && !TryOffset(o, out offset)) return false;
        var local = day.ToDateTime(time);
        // Near year 1 or 9999 an offset can carry the instant outside what DateTimeOffset holds.
        var ticks = local.Ticks - offset.Ticks;
        if (ticks < DateTimeOffset.MinValue.Ticks || ticks > DateTimeOffset.MaxValue.Ticks) return false;
        utc = new DateTimeOffset(ticks, TimeSpan.Zero);
        isDate = !m.Groups["time"].Success;
        return true;
    }

    /// <summary>The UTC instant <paramref name="text"/> names, or null when it is not a time.</summary>
    public static DateTimeOffset? Read(string? text) => TryRead(text, out var utc, out _) ? utc : null;

    private static bool TryOffset(string text, out TimeSpan offset)
    {
        offset = TimeSpan.Zero;
        if (text is "Z" or "z") return true;
        var digits = text[1..].Replace(":", "");
        var hours = int.Parse(digits[..2], CultureInfo.InvariantCulture);
        var minutes = int.Parse(digits[2..], CultureInfo.InvariantCulture);
        if (hours > 14 || minutes > 59 || hours == 14 && minutes > 0) return false;
        offset = new TimeSpan(hours, minutes, 0);
        if (text[0] == '-') offset = -offset;
        return true;
    }
}
