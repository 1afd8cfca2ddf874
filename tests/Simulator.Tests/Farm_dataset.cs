using EarTagTrace.Simulator.Registry;

namespace EarTagTrace.Simulator.Tests;

public sealed class Farm_dataset
{
    private static readonly DateTimeOffset _anchor = new(2026, 6, 1, 0, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public void Should_be_the_same_for_the_same_seed_and_differ_for_another()
    {
        var a = FarmDatasetGenerator.Create(300, 3, _anchor).Select(r => r.ToJsonString());
        var b = FarmDatasetGenerator.Create(300, 3, _anchor).Select(r => r.ToJsonString());
        var c = FarmDatasetGenerator.Create(300, 4, _anchor).Select(r => r.ToJsonString());
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Should_keep_farm_codes_unique_across_a_large_dataset()
    {
        var codes = new HashSet<string>();
        foreach (var record in new FarmDatasetGenerator(11, _anchor).Generate(200_000))
            Assert.True(codes.Add(record["yzcbm"]!.GetValue<string>()));
    }

    [Fact]
    public void Should_use_real_Jilin_regions_and_plausible_values()
    {
        var townships = JilinRegions.Townships.Select(t => t.Code).ToHashSet();
        var records = FarmDatasetGenerator.Create(5000, 1, _anchor);
        foreach (var r in records)
        {
            var code = r["xzqhdm"]!.GetValue<string>();
            Assert.Contains(code[..9], townships);
            Assert.True(code.Length is 9 or 12);
            var jd = r["jd"]!.GetValue<string>();
            if (jd.Length > 0)
            {
                Assert.InRange(double.Parse(jd, System.Globalization.CultureInfo.InvariantCulture), 121.6, 131.3);
                Assert.InRange(double.Parse(r["wd"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture), 40.9, 46.3);
            }
            Assert.True(FarmDatasetGenerator.TryParseCst(r["gxsj"]!.GetValue<string>(), out var gxsj));
            Assert.InRange(gxsj, _anchor.AddDays(-366), _anchor);
        }
        Assert.InRange(records.Count(r => r["jd"]!.GetValue<string>() == "") / 5000.0, 0.07, 0.13);
        Assert.InRange(records.Count(r => r["zt"]!.GetValue<string>() == "0") / 5000.0, 0.015, 0.045);
        Assert.InRange(records.Count(r => r["xzqhdm"]!.GetValue<string>().Length == 12) / 5000.0, 0.2, 0.4);
        var incomplete = records.Count(r => r["lxdh"]!.GetValue<string>() == "" || r["yzzl"]!.AsArray().Count == 0);
        Assert.InRange(incomplete / 5000.0, 0.01, 0.03);
        Assert.Contains(records, r => r["lxdh"]!.GetValue<string>().StartsWith("+86 ", StringComparison.Ordinal));
        Assert.Contains(records, r => r["lxdh"]!.GetValue<string>().StartsWith("04", StringComparison.Ordinal));
    }

    [SkippableFact]
    public void Should_conform_to_the_registry_record_contract_when_present()
    {
        Skip.IfNot(ContractSchemas.Has("farm-registry/farm-record.schema.json"), "contracts/farm-registry/farm-record.schema.json is missing");
        foreach (var record in FarmDatasetGenerator.Create(2000, 5, _anchor))
            Assert.Empty(ContractSchemas.Validate("farm-registry/farm-record.schema.json", record.ToJsonString())!);
    }
}
