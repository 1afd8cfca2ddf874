using System.Text.Json;
using EarTagTrace.Hub.Edge;

namespace EarTagTrace.Hub.Tests.Edge;

/// <summary>The edge's one reading of a caller's time (<see cref="CallerTime"/>), without a database.</summary>
public sealed class Reading_caller_times
{
    private static readonly DateTimeOffset MidnightInChina = new(2026, 11, 30, 16, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("2026-12-01T00:00:00+08:00")]
    [InlineData("2026-12-01T00:00+08:00")]
    [InlineData("2026-12-01T00:00:00.000+0800")]
    [InlineData("2026-11-30T16:00:00Z")]
    [InlineData("2026-11-30T16:00:00z")]
    [InlineData("2026-11-30T11:00:00-05:00")]
    [InlineData("2026-11-30T16:00:00+00:00")]
    [InlineData("2026-12-01 00:00:00")]
    [InlineData("2026-12-01T00:00:00")]
    [InlineData("2026-12-01T00:00:00 08:00")] // a '+' a query string decoded to a space
    [InlineData(" 2026-12-01 ")]
    public void Should_read_every_spelling_of_one_instant_as_the_same_utc_instant(string text)
    {
        Assert.True(CallerTime.TryRead(text, out var utc, out _));

        Assert.Equal(MidnightInChina, utc);
        Assert.Equal(TimeSpan.Zero, utc.Offset);
    }

    [Fact]
    public void Should_read_a_date_alone_as_china_midnight_and_say_it_was_a_date()
    {
        Assert.True(CallerTime.TryRead("2026-12-01", out var utc, out var isDate));

        Assert.Equal(MidnightInChina, utc);
        Assert.True(isDate);
        Assert.True(CallerTime.TryRead("2026-12-01T00:00:00Z", out _, out var instantIsDate));
        Assert.False(instantIsDate);
    }

    [Theory]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("2026-02-30")]
    [InlineData("2026-13-01")]
    [InlineData("2026-12-01T24:00:00Z")]
    [InlineData("2026-12-01T00:00:00+15:00")]
    [InlineData("2026-12-01T00:00:00+08:60")]
    [InlineData("２０２６-１２-０１")] // full-width digits
    [InlineData("٢٠٢٦-١٢-٠١")] // Arabic-Indic digits, which \d would take
    [InlineData("12/01/2026")]
    [InlineData("1764547200")]
    [InlineData("2026-12-01T00:00:00+08:00🐄")]
    [InlineData("0001-01-01T00:00:00+08:00")] // before DateTimeOffset.MinValue in UTC
    [InlineData("9999-12-31T23:59:59-05:00")] // after DateTimeOffset.MaxValue in UTC
    [InlineData(null)]
    public void Should_refuse_what_is_not_a_time(string? text)
    {
        Assert.False(CallerTime.TryRead(text, out _, out _));
    }

    [Fact]
    public void Should_end_a_date_range_at_the_next_china_midnight_and_an_instant_range_at_the_instant()
    {
        Assert.True(TimeParameter.TryParse("2026-12-01", null, out var day));
        Assert.True(TimeParameter.TryParse("2026-12-01T10:00:00+08:00", null, out var instant));

        Assert.Equal(MidnightInChina, day.Start);
        Assert.Equal(MidnightInChina.AddDays(1), day.End);
        Assert.Equal(MidnightInChina.AddHours(10), instant.Start);
        Assert.Equal(instant.Start, instant.End);
    }

    [Fact]
    public void Should_bind_a_json_time_in_any_offset_to_utc_and_refuse_a_non_time_as_json()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { Converters = { new UtcTimeConverter() } };

        var read = JsonSerializer.Deserialize<Holder>("""{"at":"2026-12-01T00:00:00+08:00","maybe":"2026-12-01"}""", options)!;

        Assert.Equal(MidnightInChina, read.At);
        Assert.Equal(TimeSpan.Zero, read.At.Offset);
        Assert.Equal(MidnightInChina, read.Maybe);
        Assert.Null(JsonSerializer.Deserialize<Holder>("""{"at":"2026-11-30T16:00:00Z","maybe":null}""", options)!.Maybe);
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Holder>("""{"at":"soon"}""", options));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Holder>("""{"at":20261201}""", options));
    }

    private sealed record Holder(DateTimeOffset At, DateTimeOffset? Maybe);
}
