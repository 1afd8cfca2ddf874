using System.Diagnostics;
using System.Text.Json.Nodes;

namespace EarTagTrace.Bench;

/// <summary>Polls the national cloud platform simulator until it holds the expected number of distinct farms.</summary>
public sealed class NationalReceipts(Uri national)
{
    private readonly HttpClient _http = new() { BaseAddress = national, Timeout = TimeSpan.FromSeconds(30) };

    public sealed record Outcome(long Held, bool Complete, string Stop, TimeSpan Elapsed);

    /// <summary>Distinct farms the simulator holds now, as its summary reports them.</summary>
    public async Task<long> DistinctFarmsAsync(CancellationToken ct)
    {
        var json = await _http.GetStringAsync("/__sim/received?type=farms&summary=true", ct);
        return DistinctFrom(JsonNode.Parse(json))
            ?? throw new InvalidOperationException($"cannot find a distinct farm count in the summary: {json}");
    }

    // The simulator's ReceivedSummary(Type, Count, DistinctKeys): distinct farm ids is the figure; an item sent twice
    // counts once. Accepts a bare summary, a list of them, or one wrapped in "data".
    private static long? DistinctFrom(JsonNode? node) => node switch
    {
        JsonObject o when (o["distinctKeys"] ?? o["DistinctKeys"]) is JsonValue v => v.GetValue<long>(),
        JsonObject o when o["data"] is JsonNode data => DistinctFrom(data),
        JsonArray a => a.OfType<JsonObject>()
            .Where(o => (o["type"] ?? o["Type"])?.GetValue<string>() is null or "farms")
            .Select(o => DistinctFrom(o)).FirstOrDefault(n => n is not null),
        _ => null,
    };

    public async Task<Outcome> WaitForAsync(long expected, TimeSpan timeout, TimeSpan stall, Stopwatch clock,
        Action<long> progress, CancellationToken ct)
    {
        var started = clock.Elapsed;
        long held = -1;
        var lastChange = clock.Elapsed;
        while (true)
        {
            var now = await DistinctFarmsAsync(ct);
            if (now != held)
            {
                held = now;
                lastChange = clock.Elapsed;
                progress(held);
            }
            if (held >= expected)
                return new Outcome(held, true, "complete", clock.Elapsed - started);
            if (clock.Elapsed - started >= timeout)
                return new Outcome(held, false, $"timeout after {timeout.TotalMinutes:F0} min", clock.Elapsed - started);
            if (clock.Elapsed - lastChange >= stall)
                return new Outcome(held, false, $"no progress for {stall.TotalMinutes:F0} min", lastChange - started);
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
        }
    }
}
