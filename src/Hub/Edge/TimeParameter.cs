namespace EarTagTrace.Hub.Edge;

/// <summary>
/// A time in a query string (<c>?from=…&amp;to=…</c>), bound by minimal APIs through <see cref="TryParse"/> and read
/// by <see cref="CallerTime"/>: the only way a query parameter becomes a time, so every route reads China dates and
/// offsets alike. A value that is not a time is a 400 naming the parameter (PARAMETER_INVALID).
/// </summary>
public readonly record struct TimeParameter(DateTimeOffset Utc, bool IsDate)
{
    /// <summary>Where a range starting at this value starts: the instant, or the first moment of the China day.</summary>
    public DateTimeOffset Start => Utc;

    /// <summary>
    /// Where a range ending at this value ends (exclusive): the instant itself, or, for a date, the first moment of the
    /// next China day, so <c>to=2026-12-01</c> takes all of 1 December.
    /// </summary>
    public DateTimeOffset End => IsDate && Utc < DateTimeOffset.MaxValue.AddDays(-1) ? Utc.AddDays(1) : Utc;

    public static bool TryParse(string? value, IFormatProvider? provider, out TimeParameter result)
    {
        var ok = CallerTime.TryRead(value, out var utc, out var isDate);
        result = new TimeParameter(utc, isDate);
        return ok;
    }

    public override string ToString() => Utc.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
}
