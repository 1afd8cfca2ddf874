namespace EarTagTrace.Simulator.Registry;

/// <summary>A township 乡镇 of Jilin with the county 县 and prefecture 市 above it (real codes from data/regions/).</summary>
public sealed record Township(string Code, string Name, string CountyCode, string CountyName, string CityCode, string CityName);

/// <summary>Jilin's townships, read from the region tables embedded in this assembly.</summary>
public static class JilinRegions
{
    private const string JilinProvince = "22";

    private static readonly Lazy<IReadOnlyList<Township>> _townships = new(Load);

    public static IReadOnlyList<Township> Townships => _townships.Value;

    private static IReadOnlyList<Township> Load()
    {
        var cities = ReadCsv("regions/cities.csv").ToDictionary(r => r[0], r => r[1]);
        var counties = ReadCsv("regions/areas.csv").Where(r => r[3] == JilinProvince).ToDictionary(r => r[0], r => (Name: r[1], City: r[2]));
        var result = new List<Township>();
        foreach (var row in ReadCsv("regions/streets.csv"))
        {
            if (row[3] != JilinProvince || !counties.TryGetValue(row[2], out var county))
                continue;
            result.Add(new Township(row[0], row[1], row[2], county.Name, county.City, cities.GetValueOrDefault(county.City, "")));
        }
        if (result.Count == 0)
            throw new InvalidOperationException("No Jilin townships in the embedded regions/streets.csv.");
        return result;
    }

    private static IEnumerable<string[]> ReadCsv(string resource)
    {
        using var stream = typeof(JilinRegions).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded resource {resource} is missing.");
        using var reader = new StreamReader(stream);
        reader.ReadLine(); // header
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
                continue;
            // Region names hold no commas, so a plain split with quote trimming is exact for these files.
            yield return line.Split(',').Select(f => f.Trim().Trim('"')).ToArray();
        }
    }
}
