namespace EarTagTrace.Hub.Tests;

/// <summary>
/// The hub's clock under test (every HubFixture's hub reads its time from one): it follows the wall clock until a test
/// moves it. <see cref="Advance"/> jumps it forward, so a test of an expiry or a lease advances time instead of
/// waiting; <see cref="RunAt"/>(60) makes a real second a simulated minute, so an outage of ten simulated minutes takes
/// ten real seconds. Only the time read (GetUtcNow) is moved; timers stay real so Polly's retry delays and the relay's
/// polling still elapse. The database's own now() (heartbeats) stays real, which is what a hub on a real clock sees too.
/// </summary>
public sealed class TestClock : TimeProvider
{
    private readonly Lock _gate = new();
    private DateTimeOffset _anchorSimulated = System.GetUtcNow();
    private long _anchorReal = System.GetTimestamp();
    private double _speed = 1;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
            return _anchorSimulated + System.GetElapsedTime(_anchorReal) * _speed;
    }

    /// <summary>From now on, <paramref name="speed"/> simulated seconds pass per real second.</summary>
    public void RunAt(double speed)
    {
        lock (_gate)
        {
            Reanchor(GetUtcNowLocked());
            _speed = speed;
        }
    }

    /// <summary>Moves the clock forward by <paramref name="by"/> at once; it goes on from there at its speed.</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        lock (_gate) Reanchor(GetUtcNowLocked() + by);
    }

    /// <summary>Back to the wall clock at its own speed (each test starts from real time).</summary>
    public void Reset()
    {
        lock (_gate)
        {
            Reanchor(System.GetUtcNow());
            _speed = 1;
        }
    }

    private DateTimeOffset GetUtcNowLocked() => _anchorSimulated + System.GetElapsedTime(_anchorReal) * _speed;

    private void Reanchor(DateTimeOffset now)
    {
        _anchorSimulated = now;
        _anchorReal = System.GetTimestamp();
    }
}
