using System.Diagnostics;
using System.Globalization;
using EarTagTrace.Bench;
using EarTagTrace.Simulator.Load;
using EarTagTrace.Simulator.Registry;

// FarmPushBench: registry farm records pushed through the hub until the national platform holds them,
// against the same rows binary-COPYed straight into PostgreSQL. Counts and times only; nothing is asserted.
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}
if (options.ConnectionString is null)
{
    Console.Error.WriteLine("ConnectionStrings__Hub is not set; run the bench through ./eartag bench, which starts everything.");
    return 2;
}

using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
var ct = cts.Token;
var started = DateTimeOffset.UtcNow;

// A fixed anchor as well as a fixed seed: the same records on every run and every day.
var anchor = new DateTimeOffset(2026, 6, 1, 0, 0, 0, FarmDatasetGenerator.Cst);
var records = FarmDatasetGenerator.Create(options.Count, options.Seed, anchor);
var farmCodes = records.Select(r => r["yzcbm"]!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
var distinctFarms = farmCodes.Count;
Console.WriteLine($"generated {records.Count:N0} registry records ({distinctFarms:N0} distinct farms), seed {options.Seed}");

var national = new NationalReceipts(options.National);
var heldBefore = await national.DistinctFarmsAsync(ct);

// CPU per accepted record: from the first push until the national platform holds every farm, so the delivery each
// accepted record causes is part of its cost.
CpuMeter? cpu;
await using (var meterSource = Npgsql.NpgsqlDataSource.Create(options.ConnectionString))
    cpu = await CpuMeter.CreateAsync(meterSource, null, ct);
var cpuBefore = cpu?.Sample();
Console.WriteLine($"pushing to {options.Hub} in batches of {options.Batch} with concurrency {options.Concurrency}...");
var clock = Stopwatch.StartNew();
var push = await FarmPushLoadGenerator.RunAsync(options.Hub, records, options.Batch, options.Concurrency,
    options.AppKey, options.Secret, ct);
var pushElapsed = clock.Elapsed;
var acceptedPerSecond = push.AcceptedRecords / pushElapsed.TotalSeconds;
Console.WriteLine($"hub accepted {push.AcceptedRecords:N0} of {records.Count:N0} records in {pushElapsed.TotalSeconds:F1} s");

Console.WriteLine($"waiting for {options.National} to hold {distinctFarms:N0} distinct farms (it held {heldBefore:N0} before)...");
var lastReport = TimeSpan.Zero;
var outcome = await national.WaitForAsync(farmCodes, options.NationalTimeout, options.NationalStall, clock, held =>
{
    if (clock.Elapsed - lastReport < TimeSpan.FromSeconds(10) && held < distinctFarms)
        return;
    lastReport = clock.Elapsed;
    Console.WriteLine($"  {clock.Elapsed.TotalSeconds,7:F0} s  national holds {held:N0} distinct farms");
}, ct);
var endToEnd = pushElapsed + outcome.Elapsed;
var pushCpu = cpu?.Sample() - cpuBefore;

Console.WriteLine("binary COPY of the same records into bench_farm_copy...");
var copy = await FarmCopyBench.RunAsync(options.ConnectionString, records, ct);
var copyPerSecond = copy.Rows / copy.Elapsed.TotalSeconds;

var table = new ResultTable($"FarmPushBench {started:yyyy-MM-dd HH:mm:ss}Z  count={options.Count} batch={options.Batch} "
    + $"concurrency={options.Concurrency} seed={options.Seed}  {Environment.ProcessorCount} cores, PostgreSQL {copy.ServerVersion}");
table.Add("hub push: records sent", records.Count.ToString("N0", CultureInfo.InvariantCulture));
table.Add("hub push: records accepted", push.AcceptedRecords.ToString("N0", CultureInfo.InvariantCulture));
table.Add("hub push: batches accepted/refused/failed", $"{push.AcceptedBatches} / {push.RefusedBatches} / {push.FailedBatches}");
table.Add("hub push: elapsed", $"{pushElapsed.TotalSeconds:F1} s");
table.Add("hub push: accepted records/s", acceptedPerSecond.ToString("N0", CultureInfo.InvariantCulture));
table.Add("hub push: batch answer p50 / p99", $"{push.BatchPercentileMs(0.50):F1} ms / {push.BatchPercentileMs(0.99):F1} ms");
table.Add("national: bench farms held", $"{outcome.Held:N0} of {distinctFarms:N0} ({outcome.Stop})");
table.Add("national: time after push end", $"{outcome.Elapsed.TotalSeconds:F1} s");
table.Add("national: time from push start", $"{endToEnd.TotalSeconds:F1} s"
    + (outcome.Complete ? $" ({distinctFarms / endToEnd.TotalSeconds:N0} farms/s end to end)" : " (incomplete)"));
table.Add("COPY: rows", copy.Rows.ToString("N0", CultureInfo.InvariantCulture));
table.Add("COPY: elapsed", $"{copy.Elapsed.TotalSeconds:F2} s");
table.Add("COPY: rows/s", copyPerSecond.ToString("N0", CultureInfo.InvariantCulture));
table.Add("ratio hub/COPY (records/s)", acceptedPerSecond > 0
    ? $"{acceptedPerSecond / copyPerSecond:F3}  (COPY is {copyPerSecond / acceptedPerSecond:F1}x faster)"
    : "n/a (the hub accepted nothing)");

Console.WriteLine();
Console.Write(table);
Console.WriteLine($"written to {table.Save(started)}");
// The registry push figure of ./eartag bench: accepted records/s beside COPY rows/s; latencies are per accepted batch.
// COPY is one operation, so it has no percentile to stand beside the batches'.
var figures = BenchResults.WriteFigures("FarmPushBench",
[
    Figure.Of("registry_push", "records/s", acceptedPerSecond, copyPerSecond, push.BatchPercentileMs(0.50), push.BatchPercentileMs(0.99),
        cpuMsPerMsg: pushCpu?.PerMessage(push.AcceptedRecords), baselineCpuMsPerMsg: copy.Cpu?.PerMessage(copy.Rows)),
]);
Console.WriteLine($"figures written to {figures}");
return 0;
