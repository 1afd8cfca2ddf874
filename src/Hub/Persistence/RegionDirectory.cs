using System.Collections.Frozen;

namespace EarTagTrace.Hub.Persistence;

/// <summary>
/// The region table in memory: it is loaded at start-up and changes only with a new dated version, while tag and
/// declaration checks look codes up thousands of times a second. Knows every version, so an old county code (a tag
/// printed before a merger) still resolves.
/// </summary>
public sealed class RegionDirectory(IServiceScopeFactory scopes)
{
    private volatile FrozenDictionary<string, Region[]>? _byCode;
    private readonly SemaphoreSlim _loading = new(1, 1);

    public async ValueTask<RegionLookup> GetAsync(CancellationToken ct)
    {
        if (_byCode is { } ready) return new RegionLookup(ready);
        await _loading.WaitAsync(ct);
        try
        {
            if (_byCode is null)
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<HubDbContext>();
                var all = await db.Regions.AsNoTracking().ToListAsync(ct);
                _byCode = all.GroupBy(r => r.Code)
                    .ToFrozenDictionary(g => g.Key, g => g.OrderByDescending(r => r.ValidFrom).ToArray());
            }
            return new RegionLookup(_byCode);
        }
        finally { _loading.Release(); }
    }

    /// <summary>Forget the cache (after a new version of the table is loaded).</summary>
    public void Invalidate() => _byCode = null;

    /// <summary>Whether a code (any level, current or retired) is in the region table.</summary>
    public async ValueTask<bool> ExistsAsync(string code, CancellationToken ct) => (await GetAsync(ct)).Find(code) is not null;
}

public readonly struct RegionLookup(FrozenDictionary<string, Region[]> byCode)
{
    /// <summary>The newest version of the code, current or retired.</summary>
    public Region? Find(string? code) => code is not null && byCode.TryGetValue(code, out var v) ? v[0] : null;

    public IEnumerable<string> TownshipsOf(string countyCode) =>
        byCode.Values.Select(v => v[0]).Where(r => r.Level == RegionLevel.Township && r.ParentCode == countyCode && r.ValidTo is null)
            .Select(r => r.Code).Order(StringComparer.Ordinal);

    public bool IsCounty(string? code) => Find(code) is { Level: RegionLevel.County };
    public bool IsTownship(string? code) => Find(code) is { Level: RegionLevel.Township };
    public string NameOf(string? code) => Find(code)?.Name ?? code ?? "";

    /// <summary>The county above a township code, or the county itself.</summary>
    public string? CountyOf(string code) => Find(code) switch
    {
        { Level: RegionLevel.County } r => r.Code,
        { Level: RegionLevel.Township } r => r.ParentCode,
        _ => null,
    };
}
