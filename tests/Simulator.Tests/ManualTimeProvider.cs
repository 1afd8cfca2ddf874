namespace EarTagTrace.Simulator.Tests;

/// <summary>A clock the test moves by hand: token expiry and signature freshness are checked without sleeping.</summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
