using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EarTagTrace.Mappings.Common;
using Npgsql;
using static EarTagTrace.Hub.Tests.Support.DjetPush;
using static EarTagTrace.Hub.Tests.Features.Origin.OriginSheet;

namespace EarTagTrace.Hub.Tests.Features.Traces;

[Collection(HubCollection.Name)]
public sealed class Drilling_traces_and_scoring_quality(HubFixture hub) : IAsyncLifetime
{
    private const string F1 = "FR220122D00001";

    public Task InitializeAsync() => hub.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Should_count_one_gap_of_each_kind_in_a_county_seeded_with_one_of_each()
    {
        long T(int i) => 122012200005000 + i;
        var now = hub.Clock.GetUtcNow();
        var world = new TraceWorld(hub.ConnectionString, now);
        // Without a declaration; into a farm code the registry never sent; on a day the platform still lacks.
        await world.Farm(F1, "演练一号场", "220122100")
            .Issue("FF-D", F1, T(1), T(10), 60)
            .Certify("CA", F1, T(1), T(2), 5, "220122100", "农安县肉联厂", declared: false)
            .Certify("CB", F1, T(3), T(4), 4, "220122100", "未登记场地址", "FR220122NOBODY")
            .Certify("CC", F1, T(5), T(6), 3, "220122100", "农安县肉联厂")
            .Certify("CD", F1, T(7), T(8), 2, "220122100", "农安县肉联厂")
            .Sql("""
                 insert into reconciliation_check (type, county_code, day, hub_count, hub_digest, platform_count, platform_digest, state, requeued_ids, checked_at)
                 values ('certificates', '220122', @day, 1, 'x', 0, 'y', 'StillMismatched', '{}', @now)
                 """, TraceWorld.P("day", DateOnly.FromDateTime(world.DaysAgo(3).ToOffset(ChinaTime.Offset).DateTime)), TraceWorld.P("now", now))
            .SaveAsync();

        var run = await hub.Client.PostAsJsonAsync("/api/trace-drills", new { county = "220122" });
        Assert.Equal(HttpStatusCode.OK, run.StatusCode);
        var drill = (await run.Content.ReadFromJsonAsync<JsonObject>())!["runs"]![0]!;
        // Sampled: the first tag of the issued range and of each certificate (T1 twice is one tag): T1, T3, T5, T7.
        Assert.Equal(4, (int)drill["sampled"]!);
        Assert.Equal(4, (int)drill["traced"]!);
        Assert.Equal(0, (int)drill["complete"]!);
        Assert.Equal(1, (int)drill["certificateWithoutDeclaration"]!);
        Assert.Equal(1, (int)drill["destinationFarmUnknown"]!);
        Assert.Equal(1, (int)drill["certificateNotHeldNationally"]!);

        var report = (await hub.Client.GetFromJsonAsync<JsonObject>("/api/trace-drills?county=220122"))!;
        var county = report["counties"]!.AsArray().Single()!;
        Assert.Equal(1, (int)county["certificateNotHeldNationally"]!);
        var gaps = report["runs"]![0]!["gaps"]!.AsArray().Select(g => $"{g!["kind"]}:{g["certificate"]}").Order().ToArray();
        Assert.Equal(["certificateNotHeldNationally:CC", "certificateWithoutDeclaration:CA", "destinationFarmUnknown:CB"], gaps);

        // Anxi's clerk sees no drill of Nongan.
        var anxi = await hub.LoginAsync("anxi");
        Assert.Empty((await anxi.GetFromJsonAsync<JsonObject>("/api/trace-drills?county=220122"))!["counties"]!.AsArray());
    }

    [Fact]
    public async Task Should_score_the_partners_exactly_as_the_journal_and_outbox_count()
    {
        const string county = "220122", township = "220122100";
        var (ok, _) = await SendAsync(hub.Client, "tag-stock", Stock(county, ("B1", Pig(1), Pig(100))));
        Assert.True(ok.IsSuccessStatusCode);
        var issue = Issue("FF-Q1", "1", county, township, "XZ", (Pig(1), Pig(10)));
        await SendAsync(hub.Client, "tag-issuances", issue);
        await SendAsync(hub.Client, "tag-issuances", issue); // resent: a duplicate
        await SendAsync(hub.Client, "tag-issuances", Issue("FF-Q2", "1", county, township, "XZ", (Pig(50), Pig(150)))); // not all held
        await SendAsync(hub.Client, "tag-issuances", Issue("FF-Q3", "1", county, "220122999", "XZ", (Pig(20), Pig(21))));
        await SendAsync(hub.Client, "tag-stock", Stock(county, ("B9", Pig(1, "220183"), Pig(5, "220183")))); // another county's tags

        var card = await CardAsync(hub.Client, "partner", "djet");
        await using var conn = new NpgsqlConnection(hub.ConnectionString);
        await conn.OpenAsync();
        async Task<long> Count(string sql)
        {
            await using var c = new NpgsqlCommand(sql, conn);
            return (long)(await c.ExecuteScalarAsync())!;
        }
        const string djet = "from journal where source = 'djet' and replay_of is null and not unauthenticated";
        Assert.Equal(await Count($"select count(*) {djet}"), (long)card["messages"]!);
        Assert.Equal(await Count($"select count(*) {djet} and status = 'Refused'"), Figure(card, "refused"));
        Assert.Equal(await Count($"select count(*) {djet} and summary->>'duplicate' = 'true'"), Figure(card, "duplicatesResent"));
        Assert.Equal(1, Figure(card, "duplicatesResent"));
        Assert.True(Figure(card, "refused") >= 2);
        await using (var c = new NpgsqlCommand($"select r->>'code', count(*) {djet.Replace("from journal", "from journal, jsonb_array_elements(reasons) r")} and status = 'Refused' group by 1", conn))
        await using (var r = await c.ExecuteReaderAsync())
            while (await r.ReadAsync())
                Assert.Equal(r.GetInt64(1), Figure(card, "refusedByReason", r.GetString(0)));
        Assert.Equal(await Count("select count(*) from outbox where status in ('Rejected', 'Failed')"),
            (await CardsAsync(hub.Client, "partner")).Sum(c => Figure(c, "deliveriesRejected")));

        // Each figure's link lists exactly what it counts.
        var refused = card["figures"]!.AsArray().First(f => (string)f!["name"]! == "refused")!;
        var items = (await hub.Client.GetFromJsonAsync<JsonObject>((string)refused["link"]!))!;
        Assert.Equal(Figure(card, "refused"), (long)(int)items["count"]!);
        var journal = (await hub.Client.GetFromJsonAsync<JsonObject>((string)refused["journal"]!))!;
        Assert.Equal(Figure(card, "refused"), journal["items"]!.AsArray().Count);

        // The county clerk sees its own county's card, the province every county's.
        var nongan = await hub.LoginAsync("nongan");
        Assert.Equal(["220122"], (await CardsAsync(nongan, "county")).Select(c => (string)c["key"]!).ToArray());
        Assert.Contains("220183", (await CardsAsync(hub.Client, "county")).Select(c => (string)c["key"]!));
        Assert.Equal(HttpStatusCode.BadRequest, (await nongan.GetAsync("/api/quality?groupBy=farm")).StatusCode);
    }

    [Fact]
    public async Task Should_score_online_check_hits_and_late_origin_records_as_the_origin_tables_count()
    {
        // 豇豆 (cowpea) of 2023 is due by 02-17 (Origin:Deadlines): collected 02-10 is on time, 02-20 and 03-01 are late.
        // The three entities share one phone: each is a 线上巡查 hit (one entity under two names?).
        var collector = await hub.LoginAsync("anxi-fengcheng");
        var rows = new[] { ("农户甲", "2023-02-10 10:30:00", "1"), ("农户乙", "2023-02-20 10:30:00", "2"), ("农户丙", "2023-03-01 09:00:00", "3") }
            .Select(r => Row(entity: r.Item1, type: "农户", address: $"新康村{r.Item3}号", collectedAt: r.Item2,
                longitude: $"118.18{r.Item3}", latitude: $"25.05{r.Item3}")).ToList();
        var (status, body) = await ImportAsync(collector, Csv(rows));
        Assert.True(status == HttpStatusCode.OK, $"{status}: {body}");

        await using var conn = new NpgsqlConnection(hub.ConnectionString);
        await conn.OpenAsync();
        async Task<long> Count(string sql)
        {
            await using var c = new NpgsqlCommand(sql, conn);
            return (long)(await c.ExecuteScalarAsync())!;
        }

        // Late records: the range is on the collection time, so the year 2023 is asked for.
        var anxi = await CardAsync(hub.Client, "county", Anxi, "&from=2023-01-01&to=2023-12-31");
        var late = await Count("""
            select count(*) from origin_record r join origin_product p on p.code = r.product_code
            where r.county_code = '350524' and p.name = '豇豆'
              and ((r.collected_at at time zone 'UTC') + interval '8 hours')::date > date '2023-02-17'
              and r.collected_at < timestamptz '2024-01-01 00:00+08'
            """);
        Assert.Equal(2, late);
        Assert.Equal(late, Figure(anxi, "lateReports", "originRecord"));
        var lateFigure = anxi["figures"]!.AsArray().Single(f => (string)f!["name"]! == "lateReports" && (string?)f["reason"] == "originRecord")!;
        var lateItems = (await hub.Client.GetFromJsonAsync<JsonObject>((string)lateFigure["link"]!))!;
        Assert.Equal(late, (long)(int)lateItems["count"]!);

        // Online-check hits: found now, so the default range (the last 30 days) holds them.
        var hits = await Count("select count(*) from origin_correction where left(township_code, 6) = '350524'");
        Assert.True(hits >= 3, $"{hits} hits");
        var today = await CardAsync(hub.Client, "county", Anxi);
        Assert.Equal(hits, Figure(today, "onlineCheckHits"));
        await using (var c = new NpgsqlCommand("select rule, count(*) from origin_correction where left(township_code, 6) = '350524' group by 1", conn))
        await using (var r = await c.ExecuteReaderAsync())
            while (await r.ReadAsync())
                Assert.Equal(r.GetInt64(1), Figure(today, "onlineCheckHits", r.GetString(0)));
        var partner = await CardAsync(hub.Client, "partner", "origin-collection");
        Assert.Equal(hits, Figure(partner, "onlineCheckHits"));

        // Nongan's clerk sees none of Anxi's.
        var nongan = await hub.LoginAsync("nongan");
        Assert.DoesNotContain(Anxi, (await CardsAsync(nongan, "county")).Select(c => (string)c["key"]!));
    }

    private static async Task<List<JsonObject>> CardsAsync(HttpClient client, string groupBy, string query = "") =>
        (await client.GetFromJsonAsync<JsonObject>($"/api/quality?groupBy={groupBy}{query}"))!["cards"]!.AsArray().Select(c => c!.AsObject()).ToList();

    private static async Task<JsonObject> CardAsync(HttpClient client, string groupBy, string key, string query = "") =>
        (await CardsAsync(client, groupBy, query)).Single(c => (string)c["key"]! == key);

    private static long Figure(JsonObject card, string name, string? reason = null) =>
        card["figures"]!.AsArray().Where(f => (string)f!["name"]! == name && (reason is null || (string?)f["reason"] == reason))
            .Sum(f => (long)f!["count"]!);
}
