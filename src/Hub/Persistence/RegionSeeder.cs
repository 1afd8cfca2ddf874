using System.Reflection;

namespace EarTagTrace.Hub.Persistence;

/// <summary>
/// Loads the NBS 统计用区划代码 of Jilin and Fujian (cut-off 2023-06-30, shipped in data/regions) as one dated
/// version of the region table. A later version is added beside it with its own ValidFrom, never over it.
/// </summary>
public sealed class RegionSeeder
{
    public static readonly DateOnly Version = new(2023, 6, 30);

    public async Task<int> EnsureLoadedAsync(HubDbContext db, CancellationToken ct)
    {
        var loaded = await LoadHistoryAsync(db, ct);
        if (await db.Regions.AnyAsync(r => r.ValidFrom == Version, ct)) return loaded;

        var rows = new List<Region>();
        foreach (var r in ReadCsv("provinces.csv"))
            rows.Add(Make(r[0], r[1], RegionLevel.Province, null));
        foreach (var r in ReadCsv("cities.csv"))
            rows.Add(Make(r[0], r[1], RegionLevel.Prefecture, r[2]));
        foreach (var r in ReadCsv("areas.csv"))
            rows.Add(Make(r[0], r[1], RegionLevel.County, r[2]));
        foreach (var r in ReadCsv("streets.csv"))
            rows.Add(Make(r[0], r[1], RegionLevel.Township, r[2]));

        db.Regions.AddRange(rows);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return rows.Count;
    }

    /// <summary>
    /// Codes retired before the current version (counties merged or moved, e.g. 公主岭市 220381 → 220184 in 2020),
    /// so that ear tags printed with an old county code still resolve.
    /// </summary>
    private static async Task<int> LoadHistoryAsync(HubDbContext db, CancellationToken ct)
    {
        var added = 0;
        foreach (var r in ReadCsv("history.csv"))
        {
            var validFrom = DateOnly.ParseExact(r[4], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            if (await db.Regions.AnyAsync(x => x.Code == r[0] && x.ValidFrom == validFrom, ct)) continue;
            db.Regions.Add(new Region
            {
                Code = r[0], Name = r[1], Level = Enum.Parse<RegionLevel>(r[2]), ParentCode = r[3], ValidFrom = validFrom,
                ValidTo = DateOnly.ParseExact(r[5], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            });
            added++;
        }
        if (added > 0) await db.SaveChangesAsync(ct);
        return added;
    }

    private static Region Make(string code, string name, RegionLevel level, string? parent) =>
        new() { Code = code, Name = name, Level = level, ParentCode = parent, ValidFrom = Version };

    private static IEnumerable<string[]> ReadCsv(string file)
    {
        var asm = Assembly.GetExecutingAssembly();
        using var stream = asm.GetManifestResourceStream($"regions/{file}")
            ?? throw new InvalidOperationException($"Embedded region file regions/{file} is missing from the build.");
        using var reader = new StreamReader(stream);
        reader.ReadLine(); // header
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0) continue;
            yield return line.Split(',').Select(f => f.Trim().Trim('"')).ToArray();
        }
    }
}
