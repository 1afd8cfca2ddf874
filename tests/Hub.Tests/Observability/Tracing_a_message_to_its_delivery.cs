using System.Collections.Concurrent;
using System.Diagnostics;
using Npgsql;

namespace EarTagTrace.Hub.Tests.Observability;

/// <summary>
/// One trace from a partner's push through the outbox row to the delivery: the row keeps the inbound activity's
/// traceparent and the delivery activity starts as its child. The test's own ActivityListener sees the hub's activities
/// (names by string: the test does not borrow the hub's constants for what it checks).
/// </summary>
[Collection(HubCollection.Name)]
public sealed class Tracing_a_message_to_its_delivery(HubFixture hub) : IAsyncLifetime, IDisposable
{
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private ActivityListener? _listener;

    public Task InitializeAsync()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is "EarTagTrace.Hub.Inbound" or "EarTagTrace.Hub.Delivery",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => _stopped.Enqueue(a),
        };
        ActivitySource.AddActivityListener(_listener);
        return hub.ResetAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;
    public void Dispose() => _listener?.Dispose();

    [Fact]
    public async Task Should_start_the_delivery_activity_from_the_traceparent_the_inbound_push_left_on_its_outbox_row()
    {
        var (_, answer) = await RegistryPush.PushAsync(hub.Client, [RegistryPush.Farm("FR220122100811")]);
        var journalId = long.Parse((string)answer["hubId"]!);

        string? traceParent;
        await using (var conn = new NpgsqlConnection(hub.ConnectionString))
        {
            await conn.OpenAsync();
            await using var read = new NpgsqlCommand(
                "select trace_parent from outbox where journal_id = @id and destination = 'national-cloud/farms'", conn);
            read.Parameters.AddWithValue("id", journalId);
            traceParent = (string?)await read.ExecuteScalarAsync();
        }
        var inbound = Assert.Single(_stopped, a => a.Source.Name == "EarTagTrace.Hub.Inbound"
            && Equals(a.GetTagItem("eartag.journal_id"), journalId));
        var delivery = await Eventually.WaitAsync(
            // The farm also goes to 动监e通 under the same parent: pick the national platform's batch.
            () => Task.FromResult(_stopped.FirstOrDefault(a => a.Source.Name == "EarTagTrace.Hub.Delivery" && a.ParentId == traceParent
                && Equals(a.GetTagItem("eartag.destination"), "national-cloud/farms"))),
            a => a is not null, "the delivery activity of the pushed farm");

        Assert.NotNull(traceParent);
        Assert.Equal(inbound.Id, traceParent);
        Assert.Equal(traceParent, delivery!.ParentId);
        Assert.Equal(inbound.TraceId, delivery.TraceId);
    }
}
