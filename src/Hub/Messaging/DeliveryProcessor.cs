using EarTagTrace.Adapters.Common;
using EarTagTrace.Hub.Observability;
using EarTagTrace.Hub.Persistence;
using Npgsql;

namespace EarTagTrace.Hub.Messaging;

/// <summary>
/// Turns a batch of claimed outbox ids into partner calls. The batch's idempotency key is saved before the first send
/// and reused on every retry of the same items, so a send whose answer was lost is answered as a duplicate, never
/// applied twice.
/// </summary>
public sealed class DeliveryProcessor(
    HubDbContext db,
    IServiceProvider services,
    DestinationDirectory destinations,
    TimeProvider time,
    IOptions<OutboxOptions> options,
    HubMetrics metrics,
    ILogger<DeliveryProcessor> log)
{
    public async Task ProcessAsync(IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        for (var round = 1; ; round++)
        {
            try
            {
                await ProcessOnceAsync(ids, ct);
                return;
            }
            catch (DbUpdateConcurrencyException) when (round < 3)
            {
                // Another instance saved a request id for some of these items first (see OutboxClaimConfiguration):
                // read them again and send under its id, never under a second one.
                log.LogInformation("Request ids of outbox items {First}… were saved by another instance first; reloading", ids.FirstOrDefault());
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task ProcessOnceAsync(IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        var o = options.Value;
        // Only items still Queued: a redelivered bus message for an item already finished is ignored.
        // Read without change tracking: the items' new state is written back set-based, one statement per batch.
        var items = await db.Outbox.AsNoTracking().Where(x => ids.Contains(x.Id) && x.Status == DeliveryStatus.Queued)
            .OrderBy(x => x.Id).ToListAsync(ct);
        if (items.Count == 0) return;

        // A request id must always carry the same items: the platform answers a repeated id as a duplicate without
        // looking at the items, so sending only part of a retried batch under its id would lose the rest. The bus
        // may split a batch's messages across two deliveries; gather the whole batch here.
        var retriedIds = items.Where(x => x.RequestId is not null).Select(x => x.RequestId!).Distinct().ToList();
        if (retriedIds.Count > 0)
        {
            var loaded = items.Select(x => x.Id).ToHashSet();
            var companions = await db.Outbox.AsNoTracking()
                .Where(x => x.RequestId != null && retriedIds.Contains(x.RequestId) && !loaded.Contains(x.Id)
                    && (x.Status == DeliveryStatus.Queued || x.Status == DeliveryStatus.Retrying || x.Status == DeliveryStatus.Pending))
                .ToListAsync(ct);
            items.AddRange(companions);
            items.Sort((a, b) => a.Id.CompareTo(b.Id));
        }

        var batches = new List<(string Destination, string RequestId, List<OutboxMessage> Items)>();
        var assigned = new List<OutboxMessage>();
        foreach (var byDestination in items.GroupBy(x => x.Destination))
        {
            foreach (var retried in byDestination.Where(x => x.RequestId is not null).GroupBy(x => x.RequestId!))
                batches.Add((byDestination.Key, retried.Key, retried.ToList()));
            foreach (var chunk in byDestination.Where(x => x.RequestId is null).Chunk(o.BatchSize))
            {
                var requestId = $"{byDestination.Key.Replace('/', '-')}-{Guid.CreateVersion7():N}";
                foreach (var item in chunk) item.RequestId = requestId;
                assigned.AddRange(chunk);
                batches.Add((byDestination.Key, requestId, chunk.ToList()));
            }
        }
        await SaveRequestIdsAsync(assigned, ct);

        foreach (var (destination, requestId, batch) in batches)
        {
            using var activity = HubTracing.StartDelivery(destination, requestId, batch.Select(x => x.TraceParent));
            var journalIds = batch.Select(x => x.JournalId).OfType<long>().Distinct().ToArray();
            // Log lines of this send (here and in the senders) name the trace and the journal entries behind the items.
            using var scope = log.BeginScope(new Dictionary<string, object?>
            {
                ["TraceId"] = System.Diagnostics.Activity.Current?.TraceId.ToString(),
                ["JournalId"] = journalIds.Length == 1 ? journalIds[0] : null,
                ["JournalIds"] = journalIds.Length > 1 ? journalIds : null,
                ["RequestId"] = requestId,
            });
            activity?.SetTag("eartag.items", batch.Count);
            if (journalIds.Length == 1) activity?.SetTag("eartag.journal_id", journalIds[0]);
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var sender = destinations.Find(destination)?.Sender(services);
            IReadOnlyList<ItemResult> results;
            if (sender is null)
                results = batch.Select(_ => ItemResult.Failed($"no sender for destination {destination}")).ToList();
            else
            {
                try
                {
                    results = await sender.SendAsync(requestId, batch, ct);
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    var message = $"{e.GetType().Name}: {e.GetBaseException().Message}";
                    log.LogWarning("Delivery {RequestId} to {Destination} failed: {Error}", requestId, destination, message);
                    results = batch.Select(_ => PartnerFailure.IsTransient(e) ? ItemResult.Retry(message) : ItemResult.Failed(message)).ToList();
                }
            }
            Apply(batch, results);
            await SaveResultsAsync(batch, ct);
            var notDelivered = batch.Count(x => x.Status != DeliveryStatus.Delivered);
            activity?.SetTag("eartag.not_delivered", notDelivered);
            if (notDelivered > 0) activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, $"{notDelivered} of {batch.Count} items not delivered");
            metrics.DeliveryBatch(destination, watch.Elapsed.TotalMilliseconds);
            foreach (var outcome in batch.GroupBy(x => (x.Status, x.ErrorClass)))
                metrics.Delivery(destination, outcome.Key.Status.ToString(), outcome.Key.ErrorClass?.ToString().ToLowerInvariant(), outcome.Count());
        }
    }

    /// <summary>
    /// Saves the request ids of new batches, all or none: an item whose request id another instance saved first (see
    /// OutboxClaimConfiguration) makes the whole save fail with a concurrency conflict, and the items are read again.
    /// </summary>
    private async Task SaveRequestIdsAsync(List<OutboxMessage> assigned, CancellationToken ct)
    {
        if (assigned.Count == 0) return;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var saved = await db.Database.ExecuteSqlRawAsync(Persistence.Tables.OutboxTable.SaveRequestIdsSql, [new NpgsqlParameter<long[]>("ids", [.. assigned.Select(x => x.Id)]),
                  new NpgsqlParameter<string[]>("requestIds", [.. assigned.Select(x => x.RequestId!)])], ct);
        if (saved != assigned.Count)
        {
            await tx.RollbackAsync(ct);
            throw new DbUpdateConcurrencyException($"{assigned.Count - saved} of {assigned.Count} outbox items already had a request id");
        }
        await tx.CommitAsync(ct);
    }

    /// <summary>What became of a batch's items, in one statement; only while each still travels under its request id.</summary>
    private async Task SaveResultsAsync(List<OutboxMessage> batch, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var saved = await db.Database.ExecuteSqlRawAsync(Persistence.Tables.OutboxTable.SaveResultsSql, [new NpgsqlParameter<long[]>("ids", [.. batch.Select(x => x.Id)]),
                  new NpgsqlParameter<string[]>("requestIds", [.. batch.Select(x => x.RequestId!)]),
                  new NpgsqlParameter<int[]>("attempts", [.. batch.Select(x => x.Attempts)]),
                  new NpgsqlParameter<string?[]>("lastErrors", [.. batch.Select(x => x.LastError)]),
                  new NpgsqlParameter<string[]>("statuses", [.. batch.Select(x => x.Status.ToString())]),
                  new NpgsqlParameter<string?[]>("errorClasses", [.. batch.Select(x => x.ErrorClass?.ToString())]),
                  new NpgsqlParameter<DateTimeOffset?[]>("nextAttempts", [.. batch.Select(x => x.Status == DeliveryStatus.Retrying ? x.NextAttemptAt : null)]),
                  new NpgsqlParameter<DateTimeOffset?[]>("completed", [.. batch.Select(x => x.Status == DeliveryStatus.Retrying ? null : x.CompletedAt)])], ct);
        if (saved != batch.Count)
        {
            await tx.RollbackAsync(ct);
            throw new DbUpdateConcurrencyException($"{batch.Count - saved} of {batch.Count} outbox items no longer travel under request id {batch[0].RequestId}");
        }
        await tx.CommitAsync(ct);
    }

    private void Apply(IReadOnlyList<OutboxMessage> batch, IReadOnlyList<ItemResult> results)
    {
        var o = options.Value;
        var now = time.GetUtcNow();
        // One retry time for the whole batch, so it is claimed again as one.
        var nextAttempt = now + Backoff(batch.Max(x => x.Attempts) + 1, o);
        for (var i = 0; i < batch.Count; i++)
        {
            var item = batch[i];
            var result = results[i];
            item.Attempts++;
            item.LastError = result.Error;
            item.QueuedAt = null;
            if (result.Status == DeliveryStatus.Retrying && item.Attempts >= o.MaxAttempts)
            {
                item.Status = DeliveryStatus.Failed;
                item.LastError = $"gave up after {item.Attempts} attempts: {result.Error}";
            }
            else item.Status = result.Status;
            item.ErrorClass = DeliveryErrors.Classify(item.Status, result.Error);

            if (item.Status == DeliveryStatus.Retrying)
                item.NextAttemptAt = nextAttempt;
            else
                item.CompletedAt = now;
        }
    }

    /// <summary>Exponential with full jitter, so a partner coming back is not hit by every item at once.</summary>
    private static TimeSpan Backoff(int attempts, OutboxOptions o)
    {
        var ceiling = Math.Min(o.RetryMaxMilliseconds, o.RetryBaseMilliseconds * Math.Pow(2, attempts - 1));
        return TimeSpan.FromMilliseconds(ceiling / 2 + Random.Shared.NextDouble() * ceiling / 2);
    }
}
