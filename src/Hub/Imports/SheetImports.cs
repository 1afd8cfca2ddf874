using System.Text.Json;
using EarTagTrace.Hub.Access;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Mappings.Canonical;

namespace EarTagTrace.Hub.Imports;

/// <summary>Reports progress of one background import; writes are throttled so progress costs little.</summary>
public interface IImportProgress
{
    void Checked(int rows);
    /// <summary>Every row checked: the write begins (always recorded, whatever the throttle).</summary>
    void Writing(int rowsChecked);
}

/// <summary>The outcome of a background import: the JSON the synchronous answer would have had, and whether it was refused.</summary>
public sealed record ImportOutcome(bool Refused, object Report);

/// <summary>
/// Runs long sheet imports in the background with their own scope, recording progress in <see cref="SheetImport"/>.
/// The import keeps going when the caller goes away. A hub stopped mid-import leaves it in its last state with no
/// FinishedAt: nothing was written (the write is one transaction), and the sheet can be sent again.
/// </summary>
public sealed class SheetImports(IServiceScopeFactory scopes, IHostApplicationLifetime lifetime, TimeProvider time, ILogger<SheetImports> log)
{
    public async Task<Guid> StartAsync(string kind, int rowsRead, StaffScope scope, DateTimeOffset now,
        Func<IServiceProvider, IImportProgress, CancellationToken, Task<ImportOutcome>> work, CancellationToken ct)
    {
        var id = Guid.CreateVersion7();
        await using (var s = scopes.CreateAsyncScope())
        {
            var db = s.ServiceProvider.GetRequiredService<HubDbContext>();
            db.Add(new SheetImport
            {
                Id = id, Kind = kind, State = ImportState.Checking, RowsRead = rowsRead, StartedBy = scope.UserName,
                Region = scope.Region, StartedAt = now, UpdatedAt = now,
            });
            await db.SaveChangesAsync(ct);
        }
        _ = Task.Run(() => RunAsync(id, work), CancellationToken.None);
        return id;
    }

    private async Task RunAsync(Guid id, Func<IServiceProvider, IImportProgress, CancellationToken, Task<ImportOutcome>> work)
    {
        var ct = lifetime.ApplicationStopping;
        var progress = new Progress(scopes, id, time);
        ImportState state;
        string report;
        try
        {
            await using var s = scopes.CreateAsyncScope();
            var outcome = await work(s.ServiceProvider, progress, ct);
            state = outcome.Refused ? ImportState.Refused : ImportState.Done;
            report = JsonSerializer.Serialize(outcome.Report, CanonicalJson.Options);
        }
        catch (Exception e)
        {
            log.LogError(e, "Background import {Id} failed", id);
            state = ImportState.Failed;
            report = JsonSerializer.Serialize(new { code = "HUB_ERROR", detail = e.GetBaseException().Message }, CanonicalJson.Options);
        }
        await using var done = scopes.CreateAsyncScope();
        var db = done.ServiceProvider.GetRequiredService<HubDbContext>();
        var now = time.GetUtcNow();
        await db.Set<SheetImport>().Where(x => x.Id == id).ExecuteUpdateAsync(u => u
            .SetProperty(x => x.State, state).SetProperty(x => x.Report, report)
            .SetProperty(x => x.UpdatedAt, now).SetProperty(x => x.FinishedAt, now), CancellationToken.None);
    }

    private sealed class Progress(IServiceScopeFactory scopes, Guid id, TimeProvider time) : IImportProgress
    {
        private long _lastWrite;

        public void Checked(int rows)
        {
            // At most a write a second: progress is for people watching, not an audit.
            var now = time.GetTimestamp();
            if (time.GetElapsedTime(Interlocked.Read(ref _lastWrite), now) < TimeSpan.FromSeconds(1) && _lastWrite != 0) return;
            Interlocked.Exchange(ref _lastWrite, now);
            Update(x => x.SetProperty(i => i.RowsChecked, rows));
        }

        public void Writing(int rowsChecked) =>
            Update(x => x.SetProperty(i => i.State, ImportState.Writing).SetProperty(i => i.RowsChecked, rowsChecked));

        private void Update(Action<Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<SheetImport>> set)
        {
            using var s = scopes.CreateScope();
            var db = s.ServiceProvider.GetRequiredService<HubDbContext>();
            var at = time.GetUtcNow();
            db.Set<SheetImport>().Where(x => x.Id == id).ExecuteUpdate(u => { set(u); u.SetProperty(i => i.UpdatedAt, at); });
        }
    }
}
