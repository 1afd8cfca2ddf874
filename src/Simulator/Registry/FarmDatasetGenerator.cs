using System.Globalization;
using System.Text.Json.Nodes;

namespace EarTagTrace.Simulator.Registry;

/// <summary>
/// Deterministic farm registry dataset in the registry's own pinyin format (docs/partners.md, farm registry). The same seed and
/// anchor give the same records, and the first N records do not depend on how many are asked for.
/// </summary>
public sealed class FarmDatasetGenerator(int seed, DateTimeOffset anchor)
{
    public const string TimeFormat = "yyyy-MM-dd HH:mm:ss";

    /// <summary>China Standard Time: every partner timestamp is written in +08:00.</summary>
    public static readonly TimeSpan Cst = TimeSpan.FromHours(8);

    private const double MinLng = 121.6, MaxLng = 131.3, MinLat = 40.9, MaxLat = 46.3;

    public static string FormatCst(DateTimeOffset time) => time.ToOffset(Cst).ToString(TimeFormat, CultureInfo.InvariantCulture);

    public static bool TryParseCst(string? text, out DateTimeOffset time)
    {
        if (DateTime.TryParseExact(text, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            time = new DateTimeOffset(local, Cst);
            return true;
        }
        time = default;
        return false;
    }

    public static IReadOnlyList<JsonObject> Create(int count, int seed, DateTimeOffset anchor)
        => new FarmDatasetGenerator(seed, anchor).Generate(count).ToList();

    public IEnumerable<JsonObject> Generate(int count)
    {
        var random = new Random(seed);
        var townships = JilinRegions.Townships;
        // Farms sit mostly in 镇/乡 towns; urban 街道 subdistricts keep a few on their rural fringe.
        var rural = townships.Where(t => t.Name.EndsWith('镇') || t.Name.EndsWith('乡')).ToArray();
        var sequences = new Dictionary<string, int>();
        for (var i = 0; i < count; i++)
        {
            var township = random.NextDouble() < 0.93 ? rural[random.Next(rural.Length)] : townships[random.Next(townships.Count)];
            var seq = sequences[township.CountyCode] = sequences.GetValueOrDefault(township.CountyCode) + 1;
            yield return NextRecord(random, township, seq);
        }
    }

    private JsonObject NextRecord(Random random, Township township, int seq)
    {
        var household = random.NextDouble() < 0.65;
        var surname = Pick(random, FarmVocabulary.Surnames);
        var person = surname + Pick(random, FarmVocabulary.GivenFirst)
            + (random.NextDouble() < 0.8 ? Pick(random, FarmVocabulary.GivenSecond) : "");
        var villageNo = 200 + random.Next(0, 32);
        var villageCode = township.Code + villageNo.ToString("D3", CultureInfo.InvariantCulture);
        var village = VillageName(villageCode);
        var species = PickSpecies(random, township.CityCode, household);
        var mainSpecies = species.Count > 0 ? species[0].Species : "1";

        var incomplete = random.NextDouble() < 0.02;
        var dropPhone = incomplete && random.NextDouble() < 0.5;
        var yzzl = new JsonArray();
        if (!incomplete || dropPhone)
        {
            foreach (var (xmdm, clsl) in species)
                yzzl.Add(new JsonObject { ["xmdm"] = xmdm, ["clsl"] = clsl });
        }

        var (jd, wd) = random.NextDouble() < 0.10 ? ("", "") : Location(random, township.CityCode);
        var gxsj = anchor - TimeSpan.FromSeconds(random.NextInt64(1, 365L * 24 * 3600));
        var town = ShortName(township.Name);
        var name = household
            ? person + "养殖户"
            : random.NextDouble() < 0.8
                ? $"{town}{surname}氏{SpeciesWord(mainSpecies)}养殖场"
                : $"{township.CountyName}{town}{village}{SpeciesWord(mainSpecies)}养殖专业合作社";

        return new JsonObject
        {
            ["yzcbm"] = "FR" + township.CountyCode + seq.ToString("D6", CultureInfo.InvariantCulture),
            ["yzcmc"] = name,
            ["ztlx"] = household ? "2" : "1",
            ["fzr"] = person,
            ["lxdh"] = dropPhone ? "" : Phone(random, township.CityCode),
            // ~30% of records carry the 12-digit village code 村级代码 instead of the township's.
            ["xzqhdm"] = random.NextDouble() < 0.3 ? villageCode : township.Code,
            ["dz"] = $"吉林省{township.CityName}{township.CountyName}{township.Name}{village}"
                + (random.NextDouble() < 0.6 ? $"{random.Next(1, 12)}组" : ""),
            ["jd"] = jd,
            ["wd"] = wd,
            ["yzzl"] = yzzl,
            ["zt"] = random.NextDouble() < 0.03 ? "0" : "1",
            ["gxsj"] = FormatCst(gxsj),
        };
    }

    private static List<(string Species, int Stock)> PickSpecies(Random random, string cityCode, bool household)
    {
        // Western Jilin (松原, 白城) grazes sheep; Yanbian is cattle country; pigs everywhere else.
        var weights = cityCode switch
        {
            "2207" or "2208" => new[] { ("1", 0.35), ("2", 0.25), ("3", 0.40) },
            "2224" => [("1", 0.35), ("2", 0.50), ("3", 0.15)],
            _ => [("1", 0.60), ("2", 0.28), ("3", 0.12)],
        };
        var kinds = random.NextDouble() switch { < 0.75 => 1, < 0.95 => 2, _ => 3 };
        var result = new List<(string, int)>();
        while (result.Count < kinds)
        {
            var roll = random.NextDouble();
            var pick = weights[^1].Item1;
            foreach (var (code, weight) in weights)
            {
                if ((roll -= weight) < 0)
                {
                    pick = code;
                    break;
                }
            }
            if (result.Any(r => r.Item1 == pick))
                continue;
            result.Add((pick, Stock(random, pick, household)));
        }
        return result;
    }

    private static int Stock(Random random, string species, bool household)
    {
        var (min, max) = species switch { "1" => (10, 5000), "2" => (5, 800), _ => (20, 3000) };
        // Households keep the lower part of the range; log-uniform gives many small herds and few large ones.
        if (household)
            max = Math.Max(min * 2, max / 15);
        else
            min = Math.Min(max / 2, min * 5);
        var value = Math.Exp(Math.Log(min) + random.NextDouble() * (Math.Log(max) - Math.Log(min)));
        return (int)Math.Round(value);
    }

    private static (string Lng, string Lat) Location(Random random, string cityCode)
    {
        var (lng, lat) = FarmVocabulary.CityCentre(cityCode);
        lng = Math.Clamp(lng + (random.NextDouble() - 0.5) * 1.2, MinLng, MaxLng);
        lat = Math.Clamp(lat + (random.NextDouble() - 0.5) * 0.9, MinLat, MaxLat);
        return (lng.ToString("F6", CultureInfo.InvariantCulture), lat.ToString("F6", CultureInfo.InvariantCulture));
    }

    private static string Phone(Random random, string cityCode)
    {
        var roll = random.NextDouble();
        if (roll < 0.10)
        {
            var area = FarmVocabulary.AreaCode(cityCode);
            var digits = area is "0431" or "0432" ? 8 : 7;
            var local = random.Next(8, 9).ToString(CultureInfo.InvariantCulture) + Digits(random, digits - 1);
            return $"{area}-{local}";
        }
        var mobile = Pick(random, FarmVocabulary.MobilePrefixes) + Digits(random, 8);
        return roll switch
        {
            < 0.70 => mobile,
            < 0.82 => $"{mobile[..3]} {mobile[3..7]} {mobile[7..]}",
            < 0.92 => $"+86 {mobile}",
            _ => $"{mobile[..3]}-{mobile[3..7]}-{mobile[7..]}",
        };
    }

    private static string Digits(Random random, int count)
    {
        Span<char> chars = stackalloc char[count];
        for (var i = 0; i < count; i++)
            chars[i] = (char)('0' + random.Next(10));
        return new string(chars);
    }

    /// <summary>The same village code always gets the same name, whatever record mentions it.</summary>
    private static string VillageName(string villageCode)
    {
        var hash = 17L;
        foreach (var c in villageCode)
            hash = (hash * 31 + c) % 1_000_003;
        var prefix = FarmVocabulary.VillagePrefixes[hash % FarmVocabulary.VillagePrefixes.Length];
        var suffix = FarmVocabulary.VillageSuffixes[hash / 7 % FarmVocabulary.VillageSuffixes.Length];
        return prefix + suffix;
    }

    private static string ShortName(string township)
    {
        foreach (var suffix in new[] { "街道", "镇", "乡" })
        {
            if (township.EndsWith(suffix, StringComparison.Ordinal) && township.Length > suffix.Length + 1)
                return township[..^suffix.Length];
        }
        return township;
    }

    private static string SpeciesWord(string species) => species switch { "1" => "生猪", "2" => "肉牛", _ => "肉羊" };

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];
}
