namespace EarTagTrace.Adapters.Tests;

/// <summary>The system clock plus an offset tests can advance; timers stay real so Polly delays still elapse.</summary>
public sealed class OffsetTimeProvider : TimeProvider
{
    private TimeSpan _offset;

    public void Advance(TimeSpan by) => _offset += by;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + _offset;
}
