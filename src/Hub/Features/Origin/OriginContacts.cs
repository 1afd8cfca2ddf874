using EarTagTrace.Hub.Access;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Mappings.Common;
using Npgsql;

namespace EarTagTrace.Hub.Features.Origin;

/// <summary>
/// The contact list 附件2: GET /api/origin/contacts lists it (with ?history=true every version), PUT
/// /api/origin/contacts/{region}/{role} changes one person, audited. <see cref="ToCallAsync"/> names the person to call
/// for a township: its 具体责任人, else its 牵头负责人, else the county's.
/// </summary>
public static class OriginContacts
{
    public const string Lead = "lead";
    public const string Responsible = "responsible";

    public sealed record Request(string? Name, string? Phone);

    public sealed record ContactView(string Region, string RegionName, string Role, string RoleName, string Name, string Phone,
        DateTimeOffset ValidFrom, DateTimeOffset? ValidTo, string ChangedBy);

    /// <summary>Who to call about a township's collection, overdue item or upload.</summary>
    public sealed record ToCall(string Region, string Role, string Name, string Phone);

    public sealed record Problem(string Field, string Code, string Detail);

    public static string? RoleOf(string? text) => text?.Trim() switch
    {
        Lead or "牵头负责人" => Lead,
        Responsible or "具体责任人" => Responsible,
        _ => null,
    };

    /// <summary>The normalised person, or every reason the request cannot be one.</summary>
    public static (string? Name, string? Phone, List<Problem> Problems) Decide(string region, string? role, Request? body)
    {
        var problems = new List<Problem>();
        if (!(region.Length is 6 or 9 && region.All(char.IsAsciiDigit)))
            problems.Add(new("region", "REGION_INVALID", $"{region}: a 6-digit county or 9-digit township code (县、乡两级)"));
        if (RoleOf(role) is null)
            problems.Add(new("role", "CONTACT_ROLE_INVALID", $"{role}: lead 牵头负责人 or responsible 具体责任人"));
        var name = body?.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 50 || name.Any(char.IsControl))
            problems.Add(new("name", "CONTACT_NAME_INVALID", "name is 1-50 characters"));
        string? phone = null;
        if (!ChinaPhone.TryToE164(body?.Phone, out var e164))
            problems.Add(new("phone", "PHONE_INVALID", $"{body?.Phone}: a Chinese mobile or landline number (0595-68792206, 13905951234)"));
        else phone = e164;
        return (problems.Count == 0 ? name : null, phone, problems);
    }

    public static async Task<IResult> ListAsync(string? region, bool? history, StaffScope scope, HubDbContext db, RegionDirectory regions,
        CancellationToken ct)
    {
        var query = db.Set<OriginContact>().AsNoTracking();
        if (history != true) query = query.Where(c => c.ValidTo == null);
        var rows = await query.OrderBy(c => c.RegionCode).ThenBy(c => c.Role).ThenBy(c => c.Id).ToListAsync(ct);
        var lookup = await regions.GetAsync(ct);
        // A township's staff see their own township and the county above it: the people they call.
        var visible = rows.Where(c => scope.Overlaps(c.RegionCode) && (region is null || c.RegionCode.StartsWith(region, StringComparison.Ordinal)));
        return Results.Ok(new { items = visible.Select(c => View(c, lookup.NameOf(c.RegionCode))) });
    }

    public static async Task<IResult> PutAsync(string region, string role, Request? body, StaffScope scope, HubDbContext db,
        RegionDirectory regions, TimeProvider time, CancellationToken ct)
    {
        var (name, phone, problems) = Decide(region, role, body);
        if (problems.Count > 0)
            return Results.Problem(statusCode: 422, title: problems[0].Code, detail: string.Join("; ", problems.Select(p => p.Detail)),
                extensions: new Dictionary<string, object?> { ["problems"] = problems });
        if (await StaffAccounts.RegionProblemAsync(region, regions, ct) is { } unknown) return unknown;
        if (scope.RefuseWrite(region, "the contact's region") is { } outside) return outside;
        var roleCode = RoleOf(role)!;
        var now = time.GetUtcNow();
        var current = await db.Set<OriginContact>().FirstOrDefaultAsync(c => c.RegionCode == region && c.Role == roleCode && c.ValidTo == null, ct);
        var lookup = await regions.GetAsync(ct);
        if (current is not null && current.Name == name && current.Phone == phone)
            return Results.Ok(View(current, lookup.NameOf(region)));
        var next = new OriginContact { RegionCode = region, Role = roleCode, Name = name!, Phone = phone!, ValidFrom = now, ChangedBy = scope.UserName };
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            // The old version is closed first: the filtered unique index allows one current person per region and role.
            if (current is not null)
            {
                current.ValidTo = now;
                await db.SaveChangesAsync(ct);
            }
            db.Add(next);
            AuditLog.Add(db, scope, "origin.contact", $"{region}/{roleCode}", region,
                new { name, phone, replaced = current is null ? null : new { current.Name, current.Phone } }, now);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return Results.Problem(statusCode: 409, title: "CONTACT_CHANGED_MEANWHILE", detail: "someone changed this contact at the same time; read it again");
        }
        return Results.Ok(View(next, lookup.NameOf(region)));
    }

    /// <summary>The person to call for each township: its 具体责任人, else its 牵头负责人, else the county's (same order).</summary>
    public static async Task<Dictionary<string, ToCall>> ToCallAsync(HubDbContext db, IReadOnlyCollection<string> townships, CancellationToken ct)
    {
        var answer = new Dictionary<string, ToCall>(StringComparer.Ordinal);
        if (townships.Count == 0) return answer;
        var regions = townships.Concat(townships.Where(t => t.Length >= 6).Select(t => t[..6])).Distinct().ToList();
        var current = await db.Set<OriginContact>().AsNoTracking().Where(c => c.ValidTo == null && regions.Contains(c.RegionCode)).ToListAsync(ct);
        foreach (var township in townships)
        {
            var pick = new[] { (township, Responsible), (township, Lead), (Cut(township), Responsible), (Cut(township), Lead) }
                .Select(k => current.FirstOrDefault(c => c.RegionCode == k.Item1 && c.Role == k.Item2)).FirstOrDefault(c => c is not null);
            if (pick is not null) answer[township] = new ToCall(pick.RegionCode, pick.Role, pick.Name, pick.Phone);
        }
        return answer;
    }

    private static string Cut(string township) => township.Length >= 6 ? township[..6] : township;

    private static ContactView View(OriginContact c, string regionName) => new(c.RegionCode, regionName, c.Role,
        c.Role == Lead ? "牵头负责人" : "具体责任人", c.Name, c.Phone, c.ValidFrom, c.ValidTo, c.ChangedBy);
}
