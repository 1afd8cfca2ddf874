using EarTagTrace.Hub.Ledger;
using EarTagTrace.Hub.Persistence;
using Quartz;

namespace EarTagTrace.Hub.Features.Origin;

/// <summary>
/// Quartz job: measures what is overdue across every region (seed 五(三): 动态监测…采集和及时更新情况) and keeps the
/// list in origin_overdue, replacing the previous run in one transaction.
/// </summary>
[DisallowConcurrentExecution]
public sealed class OverdueJob(HubDbContext db, OverdueReport report, OnlineChecks checks, TimeProvider time, ILogger<OverdueJob> log) : IJob
{
    public static readonly JobKey Key = new("origin-overdue");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => await RunAsync(cancellationToken);

    public async Task<int> RunAsync(CancellationToken ct)
    {
        // 线上巡查 over every record first: what the nightly run finds goes on the townships' correction lists.
        await checks.RunAsync(null, ct);
        var at = time.GetUtcNow();
        var date = OriginScope.ChinaDate(at);
        var items = await report.MeasureAsync("", at, date, ct);
        // One statement over unnest arrays: a province's list can run to hundreds of thousands of rows.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Set<OriginOverdue>().ExecuteDeleteAsync(ct);
        await MessageSql.ExecuteAsync(db, Persistence.Tables.OriginTables.InsertOverdueSql, ct,
            MessageSql.P("at", at), MessageSql.P("date", date), MessageSql.P("r", items.Select(i => i.RecordId).ToArray()),
            MessageSql.P("t", items.Select(i => i.TownshipCode).ToArray()), MessageSql.P("c", items.Select(i => i.Collector).ToArray()),
            MessageSql.P("e", items.Select(i => i.Entity).ToArray()), MessageSql.P("p", items.Select(i => i.Product).ToArray()),
            MessageSql.P("k", items.Select(i => i.Kind).ToArray()), MessageSql.P("d", items.Select(i => i.Due).ToArray()));
        await tx.CommitAsync(ct);
        log.LogInformation("Overdue origin records: {Count} as of {Date}", items.Count, date);
        return items.Count;
    }
}

public static class OverdueJobRegistration
{
    public static IServiceCollection AddOverdueJob(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<OverdueJob>();
        var minutes = configuration.GetSection(OriginOptions.Section).Get<OriginOptions>()?.OverdueIntervalMinutes ?? 1_440;
        services.AddQuartz(q =>
        {
            q.AddJob<OverdueJob>(j => j.WithIdentity(OverdueJob.Key).StoreDurably());
            if (minutes > 0)
                q.AddTrigger(t => t.ForJob(OverdueJob.Key).WithIdentity("origin-overdue-interval")
                    .StartAt(DateTimeOffset.UtcNow.AddMinutes(1))
                    .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromMinutes(minutes)).RepeatForever()));
        });
        return services;
    }
}
