namespace EarTagTrace.Hub.Tests.Support;

/// <summary>Delivery is asynchronous: poll until a condition holds, with a generous bound (not a timing assertion).</summary>
public static class Eventually
{
    public static async Task<T> WaitAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, int timeoutSeconds = 60)
    {
        var until = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        T last;
        do
        {
            last = await probe();
            if (done(last)) return last;
            await Task.Delay(100);
        } while (DateTime.UtcNow < until);
        throw new TimeoutException($"gave up waiting for {what}; last seen: {last}");
    }
}
