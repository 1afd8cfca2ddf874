using EarTagTrace.Hub.Persistence;
using EarTagTrace.Mappings.Common;
using Npgsql;

namespace EarTagTrace.Hub.Features.Origin;

/// <summary>
/// 线上巡查、预警提示、整改 (the notice 五(三): 发现信息采集不及时、更新不及时或信息明显有误的，要及时进行修改或整改): a rule
/// set over origin records, run after each write of a few thousand records at most and by the nightly job over all. Each
/// hit is a correction on the township's list with a deadline; a hit that is gone on the next run is Fixed.
/// </summary>
public sealed class OnlineChecks(NpgsqlDataSource data, IOptions<OriginOptions> options, TimeProvider time, ILogger<OnlineChecks> log)
{
    public const string PointOutsideTownship = "POINT_OUTSIDE_TOWNSHIP";
    public const string ScaleDisagreesWithRegistry = "SCALE_DISAGREES_WITH_REGISTRY";
    public const string CollectedOutsideCycle = "COLLECTED_OUTSIDE_CYCLE";
    public const string EntityUnderTwoNames = "ENTITY_UNDER_TWO_NAMES";
    public const string PhoneNotChinese = "PHONE_NOT_CHINESE";

    /// <summary>Writes of more records than this are left to the nightly run (a 100,000-row sheet must not wait for it).</summary>
    public const int OnWriteLimit = 5_000;

    /// <summary>
    /// What the rules need of one record, loaded in one statement: the distance from the centre of its township's
    /// located bases (their geometric median, itself included, when there are 4 or more), and the other names under its phone or at its point.
    /// </summary>
    public sealed record Facts(long RecordId, string TownshipCode, string Entity, string? Phone, string? CollectorPhone, string? SupervisorPhone,
        bool PerCycle, DateTimeOffset CollectedAt, DateOnly? MarketStart, DateOnly? MarketEnd, decimal Scale, long? RegistryStock,
        double? MetresFromTownship, string? SamePhoneNames, string? SamePointNames);

    public sealed record Hit(string Rule, string Detail);

    /// <param name="townshipRadiusMetres">How far a point may lie from the centre of its township's other points.</param>
    /// <param name="scaleTolerance">Share by which a livestock scale may differ from the registry farm's stock (暂养 included).</param>
    public static List<Hit> Decide(Facts f, double townshipRadiusMetres, decimal scaleTolerance)
    {
        var hits = new List<Hit>();
        if (f.MetresFromTownship is { } m && m > townshipRadiusMetres)
            hits.Add(new(PointOutsideTownship, $"the point lies {m / 1000:0.0} km from the township's other bases (at most {townshipRadiusMetres / 1000:0} km)"));
        if (f.RegistryStock is { } stock && Math.Abs(f.Scale - stock) > Math.Max(1, stock * scaleTolerance))
            hits.Add(new(ScaleDisagreesWithRegistry, $"scale {f.Scale} against the registry farm's stock {stock}"));
        var collected = OriginScope.ChinaDate(f.CollectedAt);
        if (f.PerCycle && f.MarketEnd is { } end && collected > end)
            hits.Add(new(CollectedOutsideCycle, $"collected {collected:yyyy-MM-dd}, after the cycle's expected market end {end:yyyy-MM-dd}"));
        if (f.PerCycle && f.MarketStart is { } start && collected < start.AddYears(-1))
            hits.Add(new(CollectedOutsideCycle, $"collected {collected:yyyy-MM-dd}, more than a year before the cycle's market start {start:yyyy-MM-dd}"));
        var samePhone = string.Join("、", (f.SamePhoneNames ?? "").Split('、', StringSplitOptions.RemoveEmptyEntries).Where(n => n != f.Entity));
        if (samePhone.Length > 0)
            hits.Add(new(EntityUnderTwoNames, $"{f.Entity} has the phone of {samePhone}: one entity under two names?"));
        else if (!string.IsNullOrEmpty(f.SamePointNames))
            hits.Add(new(EntityUnderTwoNames, $"{f.Entity} has the point of {f.SamePointNames}: one entity under two names?"));
        foreach (var (what, phone) in new[] { ("联系电话", f.Phone), ("采集员电话", f.CollectorPhone), ("监管员电话", f.SupervisorPhone) })
        {
            if (phone is not null && (!phone.StartsWith("+86", StringComparison.Ordinal) || !ChinaPhone.TryToE164(phone, out _)))
                hits.Add(new(PhoneNotChinese, $"{what} {phone} is not a Chinese number"));
        }
        return hits.DistinctBy(h => h.Rule).ToList();
    }

    /// <summary>Checks the given records (all when null) and brings their corrections up to date; returns the open ones found.</summary>
    public async Task<int> RunAsync(IReadOnlyCollection<long>? recordIds, CancellationToken ct)
    {
        var o = options.Value;
        var now = time.GetUtcNow();
        var facts = await LoadAsync(recordIds, ct);
        var hits = facts.SelectMany(f => Decide(f, o.CheckTownshipRadiusKm * 1000, o.CheckScaleTolerance).Select(h => (f, h))).ToList();
        await using var conn = await data.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // Gone on this run: fixed. Then every hit without a live correction becomes one.
        await using (var fixedNow = new NpgsqlCommand(Persistence.Tables.OriginTables.FixCorrectionsSql, conn, tx))
        {
            fixedNow.Parameters.AddWithValue("now", now);
            fixedNow.Parameters.AddWithValue("checked", facts.Select(f => f.RecordId).ToArray());
            fixedNow.Parameters.AddWithValue("r", hits.Select(x => x.f.RecordId).ToArray());
            fixedNow.Parameters.AddWithValue("rule", hits.Select(x => x.h.Rule).ToArray());
            await fixedNow.ExecuteNonQueryAsync(ct);
        }
        await using (var insert = new NpgsqlCommand(Persistence.Tables.OriginTables.OpenCorrectionsSql, conn, tx))
        {
            insert.Parameters.AddWithValue("now", now);
            insert.Parameters.AddWithValue("deadline", OriginScope.ChinaDate(now).AddDays(o.CorrectionDays));
            insert.Parameters.AddWithValue("r", hits.Select(x => x.f.RecordId).ToArray());
            insert.Parameters.AddWithValue("t", hits.Select(x => x.f.TownshipCode).ToArray());
            insert.Parameters.AddWithValue("rule", hits.Select(x => x.h.Rule).ToArray());
            insert.Parameters.AddWithValue("d", hits.Select(x => x.h.Detail.Length > 500 ? x.h.Detail[..500] : x.h.Detail).ToArray());
            await insert.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        log.LogInformation("Online checks: {Records} records, {Hits} hits", facts.Count, hits.Count);
        return hits.Count;
    }

    /// <summary>The run after a write: the write is done and answered whatever happens here; the nightly run checks again.</summary>
    public async Task RunAfterWriteAsync(IReadOnlyCollection<long> recordIds, CancellationToken ct)
    {
        try
        {
            await RunAsync(recordIds, ct);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            log.LogWarning(e, "Online checks after a write of {Count} records failed; the nightly run checks them", recordIds.Count);
        }
    }

    private async Task<List<Facts>> LoadAsync(IReadOnlyCollection<long>? ids, CancellationToken ct)
    {
        // Township centres and shared phones once per statement, not once per record: a write of 5,000 records in one
        // township would otherwise measure every record against every other. The centre is the geometric median, which
        // one far point cannot drag away from the others (a centroid can, and then flags the near ones).
        await using var cmd = data.CreateCommand(Persistence.Tables.OriginTables.CheckFactsSql(all: ids is null));
        if (ids is not null) cmd.Parameters.AddWithValue("ids", ids.ToArray());
        cmd.CommandTimeout = 3600;
        var facts = new List<Facts>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            string? S(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            facts.Add(new Facts(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), S(3), S(4), S(5), reader.GetBoolean(6),
                reader.GetFieldValue<DateTimeOffset>(7), reader.IsDBNull(8) ? null : reader.GetFieldValue<DateOnly>(8),
                reader.IsDBNull(9) ? null : reader.GetFieldValue<DateOnly>(9), reader.GetDecimal(10),
                reader.IsDBNull(11) ? null : reader.GetInt32(11), reader.IsDBNull(12) ? null : reader.GetDouble(12), S(13), S(14)));
        }
        return facts;
    }
}
