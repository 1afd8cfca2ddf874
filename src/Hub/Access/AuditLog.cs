using System.Text.Json;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Mappings.Canonical;
using Npgsql;
using NpgsqlTypes;

namespace EarTagTrace.Hub.Access;

/// <summary>
/// Stages an audit row on the caller's unit of work, so it commits (or rolls back) with the change it records: EF's
/// (<see cref="Add"/>), or a batch of raw statements sent in one round trip (<see cref="AppendTo"/>). Both write the
/// same row, built by <see cref="Entry"/>.
/// </summary>
public static class AuditLog
{
    public static AuditEntry Add(HubDbContext db, StaffScope who, string action, string target, string? region,
        object? detail, DateTimeOffset at)
    {
        var entry = Entry(who, action, target, region, detail, at);
        db.Set<AuditEntry>().Add(entry);
        return entry;
    }

    /// <summary>
    /// Appends the audit row's insert to <paramref name="batch"/>: a batch without an explicit transaction runs in one
    /// implicit transaction, so the row commits or rolls back with the batch's other statements.
    /// </summary>
    public static AuditEntry AppendTo(NpgsqlBatch batch, StaffScope who, string action, string target, string? region,
        object? detail, DateTimeOffset at)
    {
        var entry = Entry(who, action, target, region, detail, at);
        var insert = new NpgsqlBatchCommand(
            "insert into audit_log (action, actor, at, detail, region, target) values (@action, @actor, @at, @detail, @region, @target)");
        insert.Parameters.Add(new NpgsqlParameter<string>("action", entry.Action));
        insert.Parameters.Add(new NpgsqlParameter<string>("actor", entry.Actor));
        insert.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("at", entry.At));
        insert.Parameters.Add(new NpgsqlParameter("detail", NpgsqlDbType.Jsonb) { Value = (object?)entry.Detail ?? DBNull.Value });
        insert.Parameters.Add(new NpgsqlParameter("region", NpgsqlDbType.Text) { Value = (object?)entry.Region ?? DBNull.Value });
        insert.Parameters.Add(new NpgsqlParameter<string>("target", entry.Target));
        batch.BatchCommands.Add(insert);
        return entry;
    }

    private static AuditEntry Entry(StaffScope who, string action, string target, string? region, object? detail, DateTimeOffset at) => new()
    {
        At = at,
        Actor = who.UserName,
        Action = action,
        Target = target,
        Region = region,
        Detail = detail is null ? null : JsonSerializer.Serialize(detail, CanonicalJson.Options),
    };
}
