namespace EarTagTrace.Tests.Shared;

/// <summary>
/// The one fake clock of every test project (compiled into each from tests/Shared). The hub's clock under test (every
/// HubFixture's hub reads its time from one), an adapter's or a simulator's: it follows the wall clock until a test
/// moves it, or stands still from a given moment (<see cref="StoppedAt"/>) for a test that checks an expiry to the
/// second. <see cref="Advance"/> jumps it forward, so a test of an expiry or a lease advances time instead of waiting; <see cref="RunAt"/>(60) makes a real second a simulated minute, so an outage of ten simulated minutes takes
/// ten real seconds. Only the time read (GetUtcNow) is moved; timers stay real so Polly's retry delays and the relay's
/// polling still elapse. The database's own now() (heartbeats) stays real, which is what a hub on a real clock sees too.
/// </summary>
public sealed class TestClock : TimeProvider
{
    private readonly Lock _gate = new();
    private DateTimeOffset _anchorSimulated;
    private long _anchorReal = System.GetTimestamp();
    private double _speed;

    /// <summary>From <paramref name="start"/> (the wall clock's now by default), at <paramref name="speed"/> simulated seconds per real one.</summary>
    public TestClock(DateTimeOffset? start = null, double speed = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(speed);
        _anchorSimulated = start ?? System.GetUtcNow();
        _speed = speed;
    }

    /// <summary>A clock that reads <paramref name="start"/> until a test moves it.</summary>
    public static TestClock StoppedAt(DateTimeOffset start) => new(start, speed: 0);

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
