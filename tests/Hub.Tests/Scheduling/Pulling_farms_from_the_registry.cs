using EarTagTrace.Hub.Persistence;
using EarTagTrace.Hub.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EarTagTrace.Hub.Tests.Scheduling;

[Collection(HubCollection.Name)]
public sealed class Pulling_farms_from_the_registry(HubFixture hub) : IAsyncLifetime
{
    public Task InitializeAsync() => hub.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Should_resume_after_a_restart_where_it_stopped_and_retry_the_failed_page()
    {
        // The hub stops after one page (maxPages stands for the process ending mid-way).
        var first = await NewPuller().RunOnceAsync(CancellationToken.None, maxPages: 1);

        Assert.False(first.Completed);
        Assert.Equal(1, first.Pages);
        await using (var db = hub.Db())
        {
            Assert.Equal(500, await db.Farms.CountAsync());
            var cursor = await db.SyncCursors.SingleAsync(c => c.Name == FarmRegistryPuller.CursorName);
            Assert.NotEqual(FarmRegistryPuller.Epoch, cursor.Since);
        }

        // A new puller from a fresh scope stands for a restarted hub: everything it knows is in the database.
        // Its first page fails more often than the client retries: the run stops, the cursor stays.
        var requestsBefore = hub.Partners.Registry.RequestLog.Count;
        hub.Partners.Registry.FailPage(1, times: 3);
        var failed = await NewPuller().RunOnceAsync(CancellationToken.None);
        Assert.False(failed.Completed);
        Assert.Equal(0, failed.Pages);
        Assert.NotNull(failed.Error);
        await using (var db = hub.Db())
            Assert.Equal(500, await db.Farms.CountAsync());

        var second = await NewPuller().RunOnceAsync(CancellationToken.None);

        Assert.True(second.Completed, second.Error);
        await using (var db = hub.Db())
            Assert.Equal(HubFixture.RegistryFarms, await db.Farms.CountAsync());
        var resumed = hub.Partners.Registry.RequestLog.Skip(requestsBefore).ToList();
        // It did not start again from the beginning of time, and the failed page was asked for again.
        Assert.DoesNotContain(resumed, r => r.GxsjStart == FarmRegistryPuller.Epoch);
        Assert.Contains(resumed, r => r.Status == 500);
        Assert.Equal(resumed.First(r => r.Status == 500).GxsjStart, resumed.First(r => r.Status == 200).GxsjStart);
    }

    [Fact]
    public async Task Should_pick_up_only_what_changed_since_the_last_pull()
    {
        var full = await NewPuller().RunOnceAsync(CancellationToken.None);
        Assert.True(full.Completed, full.Error);
        var touched = hub.Partners.Registry.Touch(3);

        var incremental = await NewPuller().RunOnceAsync(CancellationToken.None);

        Assert.True(incremental.Completed, incremental.Error);
        Assert.Equal(1, incremental.Pages);
        Assert.True(incremental.Rows < 10, $"an incremental pull read {incremental.Rows} rows");
        await using var db = hub.Db();
        var recent = DateTimeOffset.UtcNow.AddHours(-1);
        Assert.Equal(touched.Count, await db.Farms.CountAsync(f => touched.Contains(f.Code) && f.RegistryUpdatedAt > recent));
    }

    private FarmRegistryPuller NewPuller() =>
        hub.Factory.Services.CreateScope().ServiceProvider.GetRequiredService<FarmRegistryPuller>();
}
