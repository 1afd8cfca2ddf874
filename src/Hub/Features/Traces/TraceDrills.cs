using EarTagTrace.Hub.Persistence.Tables;
using System.Diagnostics;
using System.Text.Json;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.Common;
using Npgsql;

namespace EarTagTrace.Hub.Features.Traces;

/// <summary>
/// 追溯演练 runs the drill: per county, samples tags held or certified by its farms, traces each as the province would,
/// and checks every certificate of the traced chains for the three gaps (see <see cref="TraceDrillRecord"/>).
/// </summary>
public sealed class TraceDrills(HubDbContext db, TraceSql sql, NpgsqlDataSource dataSource, RegionDirectory directory,
    TimeProvider time, IOptions<TraceDrillOptions> options, ILogger<TraceDrills> log)
{
    public sealed record Gap(string Kind, string Certificate, string Tag);

    public const string CertificateWithoutDeclaration = "certificateWithoutDeclaration";
    public const string DestinationFarmUnknown = "destinationFarmUnknown";
    public const string CertificateNotHeldNationally = "certificateNotHeldNationally";

    private const string CountiesSql = Persistence.Tables.FarmTables.Counties;

    /// <summary>Tags of the county's farms: the first of each range issued to them and of each of their certificates.</summary>
    private const string SampleSql = TagLedgerTables.TraceDrillSample;

    /// <summary>
    /// The gaps of certificates: its tags under no Declared event of its declaration; a destination farm code the
    /// registry never sent; its county and day (China time) last reconciled as mismatched or still mismatched.
    /// </summary>
    private const string GapsSql = TagLedgerTables.TraceDrillGaps;

    public async Task<List<TraceDrillRecord>> RunAsync(string? county, CancellationToken ct)
    {
        var o = options.Value;
        var counties = new List<string>();
        if (county is not null) counties.Add(county);
        else
        {
            await using var c = dataSource.CreateCommand(CountiesSql);
            await using var r = await c.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) counties.Add(r.GetString(0));
        }

        var records = new List<TraceDrillRecord>();
        foreach (var code in counties)
        {
            var now = time.GetUtcNow();
            var tags = new List<long>();
            await using (var c = dataSource.CreateCommand(SampleSql))
            {
                c.Parameters.Add(new NpgsqlParameter<string>("county", code));
                c.Parameters.Add(new NpgsqlParameter<int>("n", o.TagsPerCounty));
                await using var r = await c.ExecuteReaderAsync(ct);
                while (await r.ReadAsync(ct)) tags.Add(r.GetInt64(0));
            }

            var gaps = new List<Gap>();
            int traced = 0, complete = 0;
            double total = 0, max = 0;
            foreach (var tag in tags)
            {
                var text = TagNumber.Format(tag);
                var watch = Stopwatch.StartNew();
                var (view, _) = await StartTrace.RunAsync(text, o.Days, o.Depth, sql, directory, _ => true, _ => true, "trace-drill", "", now, ct);
                if (view is null) continue;
                var numbers = view.Movements.Where(m => m.CertificateNumber is not null).Select(m => m.CertificateNumber!).ToHashSet();
                var found = await GapsAsync(numbers, text, ct);
                watch.Stop();
                traced++;
                total += watch.Elapsed.TotalMilliseconds;
                max = Math.Max(max, watch.Elapsed.TotalMilliseconds);
                if (found.Count == 0) complete++;
                gaps.AddRange(found);
            }
            // A certificate found by several sampled tags is one gap.
            var distinct = gaps.DistinctBy(g => (g.Kind, g.Certificate)).ToList();
            var record = new TraceDrillRecord
            {
                CountyCode = code, Day = DateOnly.FromDateTime(now.ToOffset(ChinaTime.Offset).DateTime), RanAt = now,
                Sampled = tags.Count, Traced = traced, Complete = complete,
                CertificateWithoutDeclaration = distinct.Count(g => g.Kind == CertificateWithoutDeclaration),
                DestinationFarmUnknown = distinct.Count(g => g.Kind == DestinationFarmUnknown),
                CertificateNotHeldNationally = distinct.Count(g => g.Kind == CertificateNotHeldNationally),
                ElapsedMs = Math.Round(total, 2), MaxTraceMs = Math.Round(max, 2),
                Gaps = JsonSerializer.Serialize(distinct.Take(200), CanonicalJson.Options),
            };
            db.Set<TraceDrillRecord>().Add(record);
            records.Add(record);
        }
        await db.SaveChangesAsync(ct);
        log.LogInformation("Trace drill: {Counties} counties, {Tags} tags traced", records.Count, records.Sum(r => r.Traced));
        return records;
    }

    private async Task<List<Gap>> GapsAsync(IReadOnlyCollection<string> numbers, string tag, CancellationToken ct)
    {
        var gaps = new List<Gap>();
        if (numbers.Count == 0) return gaps;
        await using var c = dataSource.CreateCommand(GapsSql);
        c.Parameters.Add(new NpgsqlParameter<string[]>("numbers", numbers.ToArray()));
        await using var r = await c.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var number = r.GetString(0);
            if (r.GetBoolean(1)) gaps.Add(new Gap(CertificateWithoutDeclaration, number, tag));
            if (r.GetBoolean(2)) gaps.Add(new Gap(DestinationFarmUnknown, number, tag));
            if (r.GetBoolean(3)) gaps.Add(new Gap(CertificateNotHeldNationally, number, tag));
        }
        return gaps;
    }
}
