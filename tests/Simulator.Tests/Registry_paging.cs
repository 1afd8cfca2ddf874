using System.Text.Json.Nodes;
using EarTagTrace.Simulator.Registry;

namespace EarTagTrace.Simulator.Tests;

public sealed class Registry_paging : IDisposable
{
    private readonly TestClock _time = TestClock.StoppedAt(new DateTimeOffset(2026, 6, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly PartnerSimulators _sims;

    public Registry_paging() => _sims = PartnerSimulators.Start(new SimulatorOptions { Farms = 1200, Seed = 7, TimeProvider = _time });

    public void Dispose() => _sims.Dispose();

    private async Task<(int Status, JsonObject Body)> PageAsync(int page, int pageSize, string? gxsjStart = null)
    {
        var query = $"page={page}&pageSize={pageSize}";
        if (gxsjStart is not null)
            query = "gxsjStart=" + Uri.EscapeDataString(gxsjStart) + "&" + query;
        return await SimClient.SignedAsync(HttpMethod.Get, _sims.FarmRegistryUrl + "/openapi/yzc/list?" + query, null,
            "fr-sandbox", "fr-sandbox-secret", _time.GetUtcNow());
    }

    private static List<JsonObject> Rows(JsonObject body) => body["data"]!["rows"]!.AsArray().Select(r => r!.AsObject()).ToList();

    [Fact]
    public async Task Should_page_every_record_once_in_gxsj_then_code_order()
    {
        var all = new List<JsonObject>();
        for (var page = 1; page <= 3; page++)
        {
            var (status, body) = await PageAsync(page, 500);
            Assert.Equal(200, status);
            Assert.Equal(1200, body["data"]!["total"]!.GetValue<int>());
            all.AddRange(Rows(body));
        }
        Assert.Equal(1200, all.Count);
        Assert.Equal(1200, all.Select(r => r["yzcbm"]!.GetValue<string>()).Distinct().Count());
        var keys = all.Select(r => (r["gxsj"]!.GetValue<string>(), r["yzcbm"]!.GetValue<string>())).ToList();
        var sorted = keys.OrderBy(k => k.Item1, StringComparer.Ordinal).ThenBy(k => k.Item2, StringComparer.Ordinal).ToList();
        Assert.Equal(sorted, keys);
        var (_, beyond) = await PageAsync(4, 500);
        Assert.Empty(Rows(beyond));
    }

    [Fact]
    public async Task Should_return_only_records_updated_at_or_after_gxsjStart()
    {
        var records = _sims.Registry.Records;
        var start = records[records.Count / 2]["gxsj"]!.GetValue<string>();
        var expected = records.Count(r => string.CompareOrdinal(r["gxsj"]!.GetValue<string>(), start) >= 0);
        var (_, body) = await PageAsync(1, 500, start);
        Assert.Equal(expected, body["data"]!["total"]!.GetValue<int>());
        Assert.All(Rows(body), r => Assert.True(string.CompareOrdinal(r["gxsj"]!.GetValue<string>(), start) >= 0));
    }

    [Fact]
    public async Task Should_show_touched_records_to_an_incremental_pull()
    {
        _time.Advance(TimeSpan.FromMinutes(1));
        var since = FarmDatasetGenerator.FormatCst(_time.GetUtcNow());
        var touched = _sims.Registry.Touch(5);
        var (_, body) = await PageAsync(1, 500, since);
        Assert.Equal(touched.Order(StringComparer.Ordinal), Rows(body).Select(r => r["yzcbm"]!.GetValue<string>()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Should_fail_a_page_the_requested_number_of_times_then_recover()
    {
        _sims.Registry.FailPage(2, 2);
        Assert.Equal(200, (await PageAsync(1, 500)).Status);
        Assert.Equal(500, (await PageAsync(2, 500)).Status);
        Assert.Equal(500, (await PageAsync(2, 500)).Status);
        Assert.Equal(200, (await PageAsync(2, 500)).Status);
        Assert.Equal([1, 2, 2, 2], _sims.Registry.RequestLog.Select(r => r.Page));
    }

    [Fact]
    public async Task Should_take_faults_over_http_too()
    {
        using var response = await SimClient.Http.PostAsync(_sims.FarmRegistryUrl + "/__sim/faults",
            new StringContent("""{ "failPage": 1, "times": 1 }""", System.Text.Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode);
        Assert.Equal(500, (await PageAsync(1, 10)).Status);
        Assert.Equal(200, (await PageAsync(1, 10)).Status);
    }

    [Fact]
    public async Task Should_refuse_pages_larger_than_500()
    {
        var (status, body) = await PageAsync(1, 501);
        Assert.Equal(400, status);
        Assert.NotEqual(0, body["code"]!.GetValue<int>());
    }
}
