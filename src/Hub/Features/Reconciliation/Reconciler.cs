using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EarTagTrace.Adapters.FujianMonitoring;
using EarTagTrace.Adapters.NationalCloud;
using EarTagTrace.Hub.Messaging;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.FujianMonitoring;
using EarTagTrace.Mappings.NationalCloud;

namespace EarTagTrace.Hub.Features.Reconciliation;

/// <summary>
/// Compares the hub's delivered items with the national cloud platform's GET /api/v1/reconcile per type, county and
/// day. The hub files each delivered item exactly as the platform does (the simulator is the reference): the item's id
/// (farmId, issuanceId, certificateNo), its countyCode, and the date of its updateTime / issueTime in China time; the
/// digest is the lowercase hex SHA-256 of the sorted distinct ids joined by "\n". On a mismatch the county-day's
/// delivered items go out again under new request ids (the platform answers those it holds as duplicates and keeps the
/// ones it lost), and the check is repeated once they are delivered (<see cref="RecheckAsync"/>).
/// </summary>
public sealed class Reconciler(HubDbContext db, INationalCloudApi api, IFujianMonitoringApi fujian, OutboxSignal signal, TimeProvider time,
    ILogger<Reconciler> log)
{
    public static readonly IReadOnlyDictionary<string, string> Types = new Dictionary<string, string>
    {
        ["farms"] = Destinations.NationalCloudFarms,
        ["issuances"] = Destinations.NationalCloudIssuances,
        ["certificates"] = Destinations.NationalCloudCertificates,
    };

    /// <summary>
    /// The national cloud platform's types and 福建省农产品质量安全监测系统's rapid tests, asked the same way (its reconcile
    /// endpoint is assumed, docs/partners.md): the nightly run checks them all, a run without a type the national ones.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> AllTypes =
        new Dictionary<string, string>(Types) { [RapidTests] = Destinations.FujianRapidTests };

    public const string RapidTests = "rapid-tests";

    private sealed record Filed(string Id, string County, DateOnly Day);

    public async Task<List<ReconciliationCheck>> RunAsync(DateOnly from, DateOnly to, IReadOnlyCollection<string> types, string? county,
        string? requestedBy, CancellationToken ct)
    {
        var checks = new List<ReconciliationCheck>();
        foreach (var type in types)
        {
            var groups = await DeliveredAsync(type, ct);
            var keys = groups.Keys.Where(k => k.Day >= from && k.Day <= to && (county is null || k.County == county)).ToHashSet();
            // A county asked for by name is checked every day, so what only the platform holds shows too.
            if (county is not null)
                for (var day = from; day <= to; day = day.AddDays(1)) keys.Add((county, day));
            foreach (var key in keys.OrderBy(k => k.Day).ThenBy(k => k.County, StringComparer.Ordinal))
            {
                var items = groups.GetValueOrDefault(key) ?? [];
                var check = new ReconciliationCheck
                {
                    Type = type, CountyCode = key.County, Day = key.Day, CheckedAt = time.GetUtcNow(), RequestedBy = requestedBy,
                    HubCount = items.Select(i => i.Id).Distinct().Count(), HubDigest = Digest(items.Select(i => i.Id)),
                };
                await CompareAsync(check, ct);
                if (check.State == ReconciliationState.Mismatched)
                {
                    check.RequeuedIds = [.. items.Select(i => i.OutboxId).Distinct().Order()];
                    await OutboxRequeue.RequeueAsync(db.Outbox.Where(o => check.RequeuedIds.Contains(o.Id) && o.Status == DeliveryStatus.Delivered), ct);
                    if (check.RequeuedIds.Length == 0) check.State = ReconciliationState.StillMismatched; // nothing of ours to send
                }
                db.Add(check);
                await db.SaveChangesAsync(ct);
                checks.Add(check);
            }
        }
        signal.Notify();
        return checks;
    }

    /// <summary>Checks again every mismatched day whose resent items are all final (delivered, rejected or failed).</summary>
    public async Task<int> RecheckAsync(CancellationToken ct)
    {
        var waiting = await db.Set<ReconciliationCheck>().Where(c => c.State == ReconciliationState.Mismatched).ToListAsync(ct);
        var done = 0;
        foreach (var check in waiting)
        {
            var busy = await db.Outbox.AnyAsync(o => check.RequeuedIds.Contains(o.Id)
                && (o.Status == DeliveryStatus.Pending || o.Status == DeliveryStatus.Queued || o.Status == DeliveryStatus.Retrying), ct);
            if (busy) continue;
            var items = (await DeliveredAsync(check.Type, ct)).GetValueOrDefault((check.CountyCode, check.Day)) ?? [];
            check.HubCount = items.Select(i => i.Id).Distinct().Count();
            check.HubDigest = Digest(items.Select(i => i.Id));
            await CompareAsync(check, ct);
            check.State = check.State switch
            {
                ReconciliationState.Matched => ReconciliationState.Repaired,
                ReconciliationState.Failed => ReconciliationState.Mismatched, // ask again next round
                _ => ReconciliationState.StillMismatched,
            };
            check.RecheckedAt = time.GetUtcNow();
            await db.SaveChangesAsync(ct);
            done++;
        }
        return done;
    }

    private async Task CompareAsync(ReconciliationCheck check, CancellationToken ct)
    {
        try
        {
            var day = check.Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            var answer = check.Type == RapidTests
                ? await fujian.ReconcileAsync(check.Type, check.CountyCode, day, ct)
                : await api.ReconcileAsync(check.Type, check.CountyCode, day, ct);
            if (answer.Code != NationalCodes.Success || answer.Data is null)
            {
                check.State = ReconciliationState.Failed;
                check.Error = $"{answer.Code}: {answer.Message}";
                return;
            }
            check.PlatformCount = answer.Data.Count;
            check.PlatformDigest = answer.Data.Digest;
            check.Error = null;
            check.State = answer.Data.Count == check.HubCount && string.Equals(answer.Data.Digest, check.HubDigest, StringComparison.OrdinalIgnoreCase)
                ? ReconciliationState.Matched
                : ReconciliationState.Mismatched;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            log.LogWarning(e, "Reconciliation of {Type} {County} {Day} could not ask the platform", check.Type, check.CountyCode, check.Day);
            check.State = ReconciliationState.Failed;
            check.Error = $"{e.GetType().Name}: {e.GetBaseException().Message}";
        }
    }

    /// <summary>The platform's digest: SHA-256 of the sorted distinct ids joined by "\n", lowercase hex.</summary>
    public static string Digest(IEnumerable<string> ids)
    {
        var sorted = ids.Distinct().ToList();
        sorted.Sort(StringComparer.Ordinal);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", sorted))));
    }

    /// <summary>Every delivered item of a type, filed by county and day as the platform files it.</summary>
    private async Task<Dictionary<(string County, DateOnly Day), List<(string Id, long OutboxId)>>> DeliveredAsync(string type, CancellationToken ct)
    {
        var destination = AllTypes[type];
        var groups = new Dictionary<(string, DateOnly), List<(string, long)>>();
        var rows = db.Outbox.AsNoTracking().Where(o => o.Destination == destination && o.Status == DeliveryStatus.Delivered)
            .Select(o => new { o.Id, o.Payload }).AsAsyncEnumerable();
        await foreach (var row in rows.WithCancellation(ct))
        {
            if (File(type, row.Payload) is not { } filed) continue;
            var key = (filed.County, filed.Day);
            if (!groups.TryGetValue(key, out var list)) groups[key] = list = [];
            list.Add((filed.Id, row.Id));
        }
        return groups;
    }

    /// <summary>The item the sender would have sent for this payload, read as the platform reads it.</summary>
    private static Filed? File(string type, string payload)
    {
        try
        {
            (string Id, string County, string Time)? item = type switch
            {
                "farms" => NationalFarmMapping.FromCanonical(JsonSerializer.Deserialize<CanonicalFarm>(payload, CanonicalJson.Options)!).Value is { } f
                    ? (f.FarmId, f.CountyCode, f.UpdateTime) : null,
                "issuances" => NationalIssuanceMapping.FromCanonical(JsonSerializer.Deserialize<CanonicalIssuance>(payload, CanonicalJson.Options)!).Value is { } i
                    ? (i.IssuanceId, i.CountyCode, i.IssueTime) : null,
                "certificates" => NationalCertificateMapping.FromCanonical(JsonSerializer.Deserialize<CanonicalCertificate>(payload, CanonicalJson.Options)!).Value is { } c
                    ? (c.CertificateNo, c.CountyCode, c.IssueTime) : null,
                RapidTests => FujianRapidTestMapping.FromCanonical(JsonSerializer.Deserialize<CanonicalRapidTest>(payload, CanonicalJson.Options)!).Value is { } t
                    ? (t.TestId, t.CountyCode, t.TestTime) : null,
                _ => null,
            };
            // Partner times are "yyyy-MM-dd HH:mm:ss" China time: the platform's day is the date part.
            return item is { } x && x.Time.Length >= 10 && DateOnly.TryParseExact(x.Time[..10], "yyyy-MM-dd", out var day)
                ? new Filed(x.Id, x.County[..Math.Min(6, x.County.Length)], day)
                : null;
        }
        catch (Exception e) when (e is JsonException or ArgumentException or NullReferenceException)
        {
            return null; // an unreadable payload was never delivered as an item either
        }
    }
}
