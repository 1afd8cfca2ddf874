using System.Globalization;
using System.Net.Http.Json;
using System.Xml;
using Npgsql;

namespace EarTagTrace.Hub.Observability;

/// <summary>One alert as it is posted to the webhook.</summary>
public sealed record HubAlert(string Kind, string Target, double Value, double Threshold, string? Window, DateTimeOffset At, string Message);

/// <summary>
/// Computes the alert figures from the database (journal and outbox), not from this process's meters, so an instance
/// sees the failures every instance journaled, and a restarted instance still sees the last minutes. Repeats of the same
/// kind and target are held back through the alert_sent table, whose conditional upsert lets exactly one instance win
/// each interval.
/// </summary>
public sealed class AlertEvaluator(
    NpgsqlDataSource dataSource, IHttpClientFactory httpClients, IOptionsMonitor<AlertOptions> options, TimeProvider time,
    ILogger<AlertEvaluator> log)
{
    public const string HttpClientName = "alerts";
    public const string InboundFailureRate = "inbound-failure-rate";
    public const string DeliveryFailureRate = "delivery-failure-rate";
    public const string QueueAge = "queue-age";

    /// <summary>Evaluates every threshold once; answers the alerts this call raised (after the rate limit).</summary>
    public async Task<IReadOnlyList<HubAlert>> EvaluateAsync(CancellationToken ct = default)
    {
        var o = options.CurrentValue;
        var now = time.GetUtcNow();
        var window = TimeSpan.FromMinutes(o.WindowMinutes);
        var windowText = XmlConvert.ToString(window);
        var breaches = new List<HubAlert>();

        // Replays are an engineer's retries of old messages, not the partner's traffic now: they would skew the rate.
        foreach (var (source, total, bad) in await RatesAsync(Persistence.Tables.JournalTable.OutcomesSinceSql, now - window, ct))
        {
            var threshold = o.FailureRateFor(source, o.InboundFailureRate);
            var rate = (double)bad / total;
            if (total >= o.MinCount && rate >= threshold)
                breaches.Add(new(InboundFailureRate, source, Math.Round(rate, 4), threshold, windowText, now,
                    $"{bad} of {total} messages from {source} refused or failed in the last {o.WindowMinutes:0.##} minutes"));
        }

        // Only finished items count: a Retrying item may still go through, and a stuck queue is the queue-age alert's.
        foreach (var (destination, total, bad) in await RatesAsync(Persistence.Tables.OutboxTable.FinishedSinceSql, now - window, ct))
        {
            var threshold = o.FailureRateFor(destination, o.DeliveryFailureRate);
            var rate = (double)bad / total;
            if (total >= o.MinCount && rate >= threshold)
                breaches.Add(new(DeliveryFailureRate, destination, Math.Round(rate, 4), threshold, windowText, now,
                    $"{bad} of {total} items for {destination} rejected or failed in the last {o.WindowMinutes:0.##} minutes"));
        }

        var maxAge = TimeSpan.FromMinutes(o.QueueAgeMinutes);
        await using (var command = dataSource.CreateCommand(Persistence.Tables.OutboxTable.OldestWaitingSql))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var destination = reader.GetString(0);
                var age = now - reader.GetFieldValue<DateTimeOffset>(1);
                if (age > maxAge)
                    breaches.Add(new(QueueAge, destination, Math.Round(age.TotalSeconds), maxAge.TotalSeconds, null, now,
                        $"the oldest waiting item for {destination} is {age.TotalMinutes:0} minutes old"));
            }
        }

        var raised = new List<HubAlert>();
        foreach (var alert in breaches)
        {
            if (!await ClaimAsync(alert, TimeSpan.FromMinutes(o.MinIntervalMinutes), ct))
            {
                log.LogDebug("Alert {AlertKind} for {AlertTarget} held back: one was raised within the interval", alert.Kind, alert.Target);
                continue;
            }
            log.LogWarning("Alert {AlertKind} for {AlertTarget}: value {AlertValue} reached threshold {AlertThreshold} (window {AlertWindow}): {AlertMessage}",
                alert.Kind, alert.Target, alert.Value, alert.Threshold, alert.Window, alert.Message);
            if (!string.IsNullOrEmpty(o.WebhookUrl) && !await PostAsync(o.WebhookUrl, alert, ct))
            {
                // Give the claim back so the next evaluation tries again instead of staying silent for a whole interval.
                await ReleaseAsync(alert, ct);
                continue;
            }
            raised.Add(alert);
        }
        return raised;
    }

    private async Task<List<(string Target, long Total, long Bad)>> RatesAsync(string sql, DateTimeOffset since, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("since", since);
        var rows = new List<(string, long, long)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            rows.Add((reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));
        return rows;
    }

    /// <summary>True when no alert of this kind and target was raised within the interval; records this one atomically.</summary>
    private async Task<bool> ClaimAsync(HubAlert alert, TimeSpan interval, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("""
            insert into alert_sent (kind, target, last_at) values (@kind, @target, @now)
            on conflict (kind, target) do update set last_at = excluded.last_at
            where alert_sent.last_at <= @now - @interval
            returning 1
            """);
        command.Parameters.AddWithValue("kind", alert.Kind);
        command.Parameters.AddWithValue("target", alert.Target);
        command.Parameters.AddWithValue("now", alert.At);
        command.Parameters.AddWithValue("interval", interval);
        return await command.ExecuteScalarAsync(ct) is not null;
    }

    private async Task ReleaseAsync(HubAlert alert, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("delete from alert_sent where kind = @kind and target = @target and last_at = @at");
        command.Parameters.AddWithValue("kind", alert.Kind);
        command.Parameters.AddWithValue("target", alert.Target);
        command.Parameters.AddWithValue("at", alert.At);
        await command.ExecuteNonQueryAsync(ct);
    }

    private async Task<bool> PostAsync(string url, HubAlert alert, CancellationToken ct)
    {
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).PostAsJsonAsync(url, new
            {
                kind = alert.Kind,
                target = alert.Target,
                value = alert.Value,
                threshold = alert.Threshold,
                window = alert.Window,
                at = alert.At,
                message = alert.Message,
            }, ct);
            if (response.IsSuccessStatusCode) return true;
            log.LogWarning("Alert webhook answered {StatusCode} for {AlertKind} {AlertTarget}", (int)response.StatusCode, alert.Kind, alert.Target);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            log.LogWarning(e, "Alert webhook failed for {AlertKind} {AlertTarget}", alert.Kind, alert.Target);
        }
        return false;
    }
}

/// <summary>Runs the evaluation every few seconds; a failed round is logged and the next one tries again.</summary>
public sealed class AlertService(AlertEvaluator evaluator, IOptionsMonitor<AlertOptions> options, TimeProvider time, ILogger<AlertService> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (options.CurrentValue.Enabled)
                    await evaluator.EvaluateAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                log.LogWarning(e, "Alert evaluation failed");
            }
            await Task.Delay(TimeSpan.FromSeconds(Math.Max(1, options.CurrentValue.EvaluateSeconds)), time, stoppingToken);
        }
    }
}
