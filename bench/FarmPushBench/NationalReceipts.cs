using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EarTagTrace.Bench;

/// <summary>
/// Polls the national cloud platform simulator until it holds every farm the bench pushed. The cheap summary
/// (distinct farm ids) is polled every second; once it is high enough the full list is checked against the bench's
/// own farm codes, because farms the hub pulled from the simulated registry are counted in the summary too.
/// </summary>
public sealed class NationalReceipts(Uri national)
{
    private readonly HttpClient _http = new() { BaseAddress = national, Timeout = TimeSpan.FromMinutes(2) };

    public sealed record Outcome(long Held, bool Complete, string Stop, TimeSpan Elapsed);

    /// <summary>Distinct farm ids the simulator holds, from its summary {"type","count","distinctKeys"}.</summary>
    public async Task<long> DistinctFarmsAsync(CancellationToken ct)
    {
        var json = await _http.GetStringAsync("/__sim/received?type=farms&summary=true", ct);
        return JsonNode.Parse(json)?["distinctKeys"] is JsonValue v
            ? v.GetValue<long>()
            : throw new InvalidOperationException($"no distinctKeys in the simulator's summary: {json}");
    }

    /// <summary>How many of <paramref name="codes"/> the simulator holds, by farmId of the received items.</summary>
    public async Task<long> HeldOfAsync(IReadOnlySet<string> codes, CancellationToken ct)
    {
        await using var stream = await _http.GetStreamAsync("/__sim/received?type=farms", ct);
        using var document = await JsonDocument.ParseAsync(stream, cancellationToken: ct);
        var held = new HashSet<string>(StringComparer.Ordinal);
        foreach (var received in document.RootElement.GetProperty("items").EnumerateArray())
        {
            if (received.GetProperty("item").TryGetProperty("farmId", out var id) && id.GetString() is { } farmId
                && codes.Contains(farmId))
                held.Add(farmId);
        }
        return held.Count;
    }

    public async Task<Outcome> WaitForAsync(IReadOnlySet<string> codes, TimeSpan timeout, TimeSpan stall, Stopwatch clock,
        Action<long> progress, CancellationToken ct)
    {
        var started = clock.Elapsed;
        long seen = -1, held = 0;
        var lastChange = clock.Elapsed;
        var nextExactCheck = TimeSpan.Zero;
        while (true)
        {
            var now = await DistinctFarmsAsync(ct);
            if (now != seen)
            {
                seen = now;
                lastChange = clock.Elapsed;
                progress(seen);
            }
            if (seen >= codes.Count && clock.Elapsed >= nextExactCheck)
            {
                var elapsed = clock.Elapsed - started;
                held = await HeldOfAsync(codes, ct);
                if (held == codes.Count)
                    return new Outcome(held, true, "complete", elapsed);
                nextExactCheck = clock.Elapsed + TimeSpan.FromSeconds(10);
            }
            if (clock.Elapsed - started >= timeout)
                return await Incomplete($"timeout after {timeout.TotalMinutes:F0} min", clock.Elapsed - started);
            if (clock.Elapsed - lastChange >= stall)
                return await Incomplete($"no progress for {stall.TotalMinutes:F0} min", lastChange - started);
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
        }

        async Task<Outcome> Incomplete(string why, TimeSpan elapsed)
            => new(await HeldOfAsync(codes, ct), false, why, elapsed);
    }
}
