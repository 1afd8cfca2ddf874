using System.Security.Claims;

namespace EarTagTrace.Hub.Access;

/// <summary>
/// Who is calling and where they may act: a region code prefix (province 22, county 220122, township 220122100).
/// Region codes nest by prefix (GB/T 2260), so "in scope" is "starts with the scope's code". Handlers filter lists
/// with <see cref="Region"/>, answer 404 for a single item outside it (<see cref="Covers"/>), and 403 for a write
/// outside it (<see cref="RefuseWrite"/>).
/// </summary>
public sealed class StaffScope
{
    public StaffScope(ClaimsPrincipal user)
    {
        UserName = user.FindFirstValue(StaffClaims.Name) ?? "";
        Region = user.FindFirstValue(StaffClaims.Region) ?? "";
        Roles = user.FindAll(StaffClaims.Role).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        IsAuthenticated = user.Identity?.IsAuthenticated == true && Region.Length > 0;
    }

    public string UserName { get; }
    /// <summary>The scope's region code; every region the caller may see starts with it.</summary>
    public string Region { get; }
    public IReadOnlySet<string> Roles { get; }
    public bool IsAuthenticated { get; }
    public bool IsProvinceWide => Region.Length <= 2;

    public bool IsIn(string role) => Roles.Contains(role);

    /// <summary>Viewer and nothing else: personal data is masked in what it reads.</summary>
    public bool IsViewerOnly => Roles.Count > 0 && Roles.All(r => r == StaffRoles.Viewer);

    /// <summary>Whether a region (county, township or village code) lies inside the scope. Unknown regions never do.</summary>
    public bool Covers(string? regionCode) =>
        IsAuthenticated && !string.IsNullOrEmpty(regionCode) && regionCode.StartsWith(Region, StringComparison.Ordinal);

    /// <summary>Whether any part of a region lies in the scope: a county filter is fine for a township account.</summary>
    public bool Overlaps(string? regionCode) =>
        Covers(regionCode) || (!string.IsNullOrEmpty(regionCode) && Region.StartsWith(regionCode, StringComparison.Ordinal));

    /// <summary>403 with a reason when a write would land outside the scope; null when it may go ahead.</summary>
    public IResult? RefuseWrite(string? regionCode, string what) => Covers(regionCode)
        ? null
        : Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "OUTSIDE_REGION_SCOPE",
            detail: $"{what} lies in region {regionCode ?? "(none)"}, outside your scope {Region}");

    /// <summary>The 404 of an item outside the scope: the same answer as an unknown item, so existence does not leak.</summary>
    public static IResult NotFound(string title, string detail) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: title, detail: detail);
}
