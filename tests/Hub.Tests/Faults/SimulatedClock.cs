namespace EarTagTrace.Hub.Tests.Faults;

/// <summary>
/// A clock that can run faster than the wall clock: after <see cref="RunAt"/>(60) a real second is a simulated minute,
/// so an outage of ten simulated minutes takes ten real seconds. Only the time read (GetUtcNow) is simulated; timers
/// stay real so Polly's retry delays and the relay's polling still elapse. The hub reads its retry due times and
/// leases from here; the database's own now() (heartbeats) stays real, which is what a hub on a real clock sees too.
/// </summary>
public sealed class SimulatedClock : TimeProvider
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
            var now = _anchorSimulated + System.GetElapsedTime(_anchorReal) * _speed;
            _anchorSimulated = now;
            _anchorReal = System.GetTimestamp();
            _speed = speed;
        }
    }
}
