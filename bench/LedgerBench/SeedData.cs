using System.Globalization;

namespace EarTagTrace.Bench.Ledger;

public enum RangeKind : byte
{
    /// <summary>Registered and still held by its county.</summary>
    County,

    /// <summary>First-issued to a township of its county, held there.</summary>
    Township,

    /// <summary>First-issued to a township, then second-issued to one farm of that township: declarable.</summary>
    Farm,
}

/// <summary>One registered range of the seed; its registration and holding ids are its index in the table + 1.</summary>
public struct SeedRange
{
    public long First;
    public int Size;
    public short County;
    public RangeKind Kind;
    public int Township;
    public int Farm;

    public readonly long Last => First + Size - 1;
}

/// <summary>
/// The generated world, deterministic for a seed: Jilin's townships (from the hub's region table), farms spread over
/// them, and ranges of pig tags of Jilin's counties, most held by counties, some first-issued to townships, and some
/// second-issued to farms (one farm each, 200 tags, so declarations of 1–200 of them are valid).
/// </summary>
public sealed class SeedData
{
    public const int FarmRangeSize = 200;
    public const int FarmStock = 5_000;

    /// <summary>Stock sheet rows are registered from this serial upwards in every county, far above the seed.</summary>
    public const long SheetSerialBase = 90_000_000;

    public required string[] Counties { get; init; }
    public required string[] Townships { get; init; }
    public required short[] TownshipCounty { get; init; }
    public required int[][] TownshipsOfCounty { get; init; }
    public required int FarmCount { get; init; }
    public required SeedRange[] Ranges { get; init; }
    public required int[] FarmRanges { get; init; }
    public required int[] CountyRanges { get; init; }
    public required int Seed { get; init; }

    public long TagCount => Ranges.Sum(r => (long)r.Size);

    public static long Tag(string county, long serial) =>
        100_000_000_000_000L + long.Parse(county, CultureInfo.InvariantCulture) * 100_000_000L + serial;

    public static string Format(long tag) => tag.ToString("D15", CultureInfo.InvariantCulture);

    public int TownshipOfFarm(int farm) => farm % Townships.Length;

    public string FarmCode(int farm) =>
        "FR" + Townships[TownshipOfFarm(farm)] + (farm / Townships.Length + 1).ToString("D6", CultureInfo.InvariantCulture);

    public string QrToken(int farm) => "YZC-" + FarmCode(farm) + "-" + (Mix((ulong)Seed * 0x9E37UL + (ulong)farm) & 0xFFFF_FFFF).ToString("x8", CultureInfo.InvariantCulture);

    public string CountyOfFarm(int farm) => Counties[TownshipCounty[TownshipOfFarm(farm)]];

    public static SeedData Create(IReadOnlyList<(string Township, string County)> jilin, int farms, int ranges, int seed)
    {
        var counties = jilin.Select(t => t.County).Distinct().Order(StringComparer.Ordinal).ToArray();
        var countyIndex = counties.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => (short)x.i);
        var townships = jilin.Select(t => t.Township).ToArray();
        var townshipCounty = jilin.Select(t => countyIndex[t.County]).ToArray();
        var townshipsOfCounty = counties.Select((_, c) => Enumerable.Range(0, townships.Length).Where(t => townshipCounty[t] == c).ToArray()).ToArray();

        var rng = new Random(seed);
        // Every accepted declaration takes a farm range of its own, so there must be enough of them for the declaration
        // phases at 1, 16 and 64 clients on a quiet machine (a phase that runs out stops early and measures less).
        var farmRangeCount = Math.Min(farms, ranges * 3 / 10);
        var townshipRangeCount = ranges / 5;

        // Farms that get a range: a random sample, so they spread over every township.
        var farmOrder = Enumerable.Range(0, farms).ToArray();
        rng.Shuffle(farmOrder);

        var specs = new SeedRange[ranges];
        for (var i = 0; i < ranges; i++)
        {
            if (i < farmRangeCount)
            {
                var farm = farmOrder[i];
                var township = farm % townships.Length;
                specs[i] = new SeedRange { Kind = RangeKind.Farm, Farm = farm, Township = township, County = townshipCounty[township], Size = FarmRangeSize };
            }
            else if (i < farmRangeCount + townshipRangeCount)
            {
                var township = rng.Next(townships.Length);
                specs[i] = new SeedRange { Kind = RangeKind.Township, Farm = -1, Township = township, County = townshipCounty[township], Size = rng.Next(40, 141) };
            }
            else
            {
                specs[i] = new SeedRange { Kind = RangeKind.County, Farm = -1, Township = -1, County = (short)rng.Next(counties.Length), Size = rng.Next(40, 141) };
            }
        }
        // Interleave the kinds within each county, as issuance over time would, then lay the ranges out per county.
        rng.Shuffle(specs);
        var cursor = new long[counties.Length];
        Array.Fill(cursor, 1);
        for (var i = 0; i < specs.Length; i++)
        {
            ref var s = ref specs[i];
            var serial = cursor[s.County] + rng.Next(0, 11);
            s.First = Tag(counties[s.County], serial);
            cursor[s.County] = serial + s.Size;
        }
        if (cursor.Max() >= SheetSerialBase)
            throw new InvalidOperationException("too many tags per county for the layout");
        Array.Sort(specs, (a, b) => a.First.CompareTo(b.First));

        var farmRanges = new List<int>(farmRangeCount);
        var countyRanges = new List<int>(ranges - farmRangeCount - townshipRangeCount);
        for (var i = 0; i < specs.Length; i++)
        {
            if (specs[i].Kind == RangeKind.Farm) farmRanges.Add(i);
            else if (specs[i].Kind == RangeKind.County) countyRanges.Add(i);
        }
        var pools = new[] { farmRanges.ToArray(), countyRanges.ToArray() };
        foreach (var pool in pools) rng.Shuffle(pool);

        return new SeedData
        {
            Counties = counties, Townships = townships, TownshipCounty = townshipCounty, TownshipsOfCounty = townshipsOfCounty,
            FarmCount = farms, Ranges = specs, FarmRanges = pools[0], CountyRanges = pools[1], Seed = seed,
        };
    }

    /// <summary>SplitMix64: a well-spread hash of a number.</summary>
    public static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}
