using System.Text.Json;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Mappings.Canonical;

namespace EarTagTrace.Hub.Access;

/// <summary>Stages an audit row on the caller's unit of work, so it commits (or rolls back) with the change it records.</summary>
public static class AuditLog
{
    public static AuditEntry Add(HubDbContext db, StaffScope who, string action, string target, string? region,
        object? detail, DateTimeOffset at)
    {
        var entry = new AuditEntry
        {
            At = at,
            Actor = who.UserName,
            Action = action,
            Target = target,
            Region = region,
            Detail = detail is null ? null : JsonSerializer.Serialize(detail, CanonicalJson.Options),
        };
        db.Set<AuditEntry>().Add(entry);
        return entry;
    }
}
