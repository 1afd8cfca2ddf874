using System.Globalization;

namespace EarTagTrace.Mappings.Common;

/// <summary>Partner timestamps: <c>yyyy-MM-dd HH:mm:ss</c> in China Standard Time (+08:00, no daylight saving).</summary>
public static class ChinaTime
{
    public const string TextFormat = "yyyy-MM-dd HH:mm:ss";

    // A fixed offset, not a TimeZoneInfo lookup: CST has had no DST since 1991 and tzdata may be absent in containers.
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    /// <summary>Parses a partner timestamp into a UTC instant; false for malformed or impossible dates (2026-02-30).</summary>
    public static bool TryParse(string? text, out DateTimeOffset utc)
    {
        if (DateTime.TryParseExact(text, TextFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            utc = new DateTimeOffset(local, Offset).ToUniversalTime();
            return true;
        }

        utc = default;
        return false;
    }

    /// <summary>The UTC instant a China date begins.</summary>
    public static DateTimeOffset Midnight(DateOnly day) =>
        new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), Offset).ToUniversalTime();

    public static string ToText(DateTimeOffset instant) =>
        instant.ToOffset(Offset).ToString(TextFormat, CultureInfo.InvariantCulture);
}
