using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EarTagTrace.Simulator.Load;

/// <summary>
/// Plays the farm registry pushing to the hub: signed POST {hub}/adapters/farm-registry/farms with { "rows": [...] }
/// batches, several in flight at once, and counts what the hub answered.
/// </summary>
public static class FarmPushLoadGenerator
{
    public const string PushPath = "/adapters/farm-registry/farms";

    public static Task<PushStats> RunAsync(Uri hubBaseUrl, IReadOnlyList<JsonObject> records, int batchSize, int concurrency,
        string appKey, string secret, CancellationToken ct)
        => RunAsync(hubBaseUrl, (IEnumerable<JsonObject>)records, batchSize, concurrency, appKey, secret, ct);

    /// <summary>Streams the records, so a million generated farms never sit in memory at once.</summary>
    public static async Task<PushStats> RunAsync(Uri hubBaseUrl, IEnumerable<JsonObject> records, int batchSize, int concurrency,
        string appKey, string secret, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(batchSize, 500);
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        var target = new Uri(hubBaseUrl, PushPath);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(100) };
        int accepted = 0, refused = 0, failed = 0;
        long sent = 0, acceptedRecords = 0;
        var latencies = new System.Collections.Concurrent.ConcurrentBag<double>();
        var clock = Stopwatch.StartNew();

        await Parallel.ForEachAsync(records.Chunk(batchSize), new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = ct },
            async (batch, token) =>
            {
                Interlocked.Add(ref sent, batch.Length);
                var start = Stopwatch.GetTimestamp();
                switch (await SendAsync(http, target, batch, appKey, secret, token))
                {
                    case Outcome.Accepted:
                        latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                        Interlocked.Increment(ref accepted);
                        Interlocked.Add(ref acceptedRecords, batch.Length);
                        break;
                    case Outcome.Refused:
                        Interlocked.Increment(ref refused);
                        break;
                    default:
                        Interlocked.Increment(ref failed);
                        break;
                }
            });
        var acceptedMs = latencies.ToArray();
        Array.Sort(acceptedMs);
        return new PushStats(accepted, refused, failed, sent, acceptedRecords, clock.Elapsed) { AcceptedBatchMs = acceptedMs };
    }

    private static async Task<Outcome> SendAsync(HttpClient http, Uri target, JsonObject[] batch, string appKey, string secret, CancellationToken ct)
    {
        var body = Serialize(batch);
        using var request = new HttpRequestMessage(HttpMethod.Post, target)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        await PartnerSignature.SignAsync(request, appKey, secret, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), ct);
        try
        {
            using var response = await http.SendAsync(request, ct);
            if ((int)response.StatusCode >= 500)
                return Outcome.Failed;
            var answer = await response.Content.ReadAsStringAsync(ct);
            return response.IsSuccessStatusCode && Code(answer) == 0 ? Outcome.Accepted : Outcome.Refused;
        }
        catch (HttpRequestException)
        {
            return Outcome.Failed;
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return Outcome.Failed;
        }
    }

    private static string Serialize(JsonObject[] batch)
    {
        // Written record by record: the records may belong to a caller's list and cannot join a JsonArray.
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("rows");
            foreach (var record in batch)
                record.WriteTo(writer);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static int? Code(string answer)
    {
        try
        {
            return JsonNode.Parse(answer)?["code"] is JsonValue code && code.TryGetValue<int>(out var value) ? value : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private enum Outcome
    {
        Accepted,
        Refused,
        Failed,
    }
}
