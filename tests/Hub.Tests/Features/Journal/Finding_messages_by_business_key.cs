using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EarTagTrace.Hub.Features.Journal;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static EarTagTrace.Hub.Tests.Support.DjetPush;

namespace EarTagTrace.Hub.Tests.Features.Journal;

[Collection(HubCollection.Name)]
public sealed class Finding_messages_by_business_key(HubFixture hub) : IAsyncLifetime
{
    public Task InitializeAsync() => hub.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    internal static JsonObject Declaration(string id, string farm, params string[] tags) => new()
    {
        ["sbdh"] = id, ["yzcbm"] = farm, ["ewm"] = "no-such-token", ["xmdm"] = "1", ["sl"] = tags.Length,
        ["ddd"] = new JsonObject { ["xzqhdm"] = "220102", ["dz"] = "长春市南关区皓月屠宰场" }, ["yt"] = "屠宰",
        ["ebh"] = new JsonArray(tags.Select(t => (JsonNode)JsonValue.Create(t)).ToArray()), ["sbsj"] = "2026-07-20 08:00:00",
    };

    private async Task<List<long>> FindAsync(string query, HttpClient? client = null)
    {
        var page = await (client ?? hub.Client).GetFromJsonAsync<JsonObject>("/api/journal?" + query);
        return page!["items"]!.AsArray().Select(i => (long)i!["id"]!).ToList();
    }

    [Fact]
    public async Task Should_find_a_refused_declaration_by_its_farm_id_and_each_tag()
    {
        var (response, answer) = await SendAsync(hub.Client, "declarations",
            Declaration("SB-KEY-1", "FR220122999001", Pig(10), Pig(11), Pig(12), Pig(40)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var id = long.Parse((string)answer["hubId"]!);

        Assert.Equal([id], await FindAsync("key=FR220122999001"));
        Assert.Equal([id], await FindAsync("key=SB-KEY-1"));
        Assert.Equal([id], await FindAsync("key=" + Pig(11)));
        Assert.Equal([id], await FindAsync("key=" + Pig(40)));
        Assert.Empty(await FindAsync("key=" + Pig(13)));
        Assert.Equal([id], await FindAsync("farm=FR220122999001"));
        Assert.Equal([id], await FindAsync("key=FR220122999001&status=refused&source=djet"));
        Assert.Empty(await FindAsync("key=FR220122999001&status=accepted"));
    }

    [Fact]
    public async Task Should_find_an_issuance_by_any_tag_inside_its_ranges()
    {
        var (_, answer) = await SendAsync(hub.Client, "tag-issuances",
            Issue("FF-KEY-1", "1", "220122", "220122100", "XZ", (Pig(1_000), Pig(1_999)), (Pig(5_000), Pig(5_009))));
        var id = long.Parse((string)answer["hubId"]!);

        Assert.Equal([id], await FindAsync("key=" + Pig(1_500)));
        Assert.Equal([id], await FindAsync("key=" + Pig(1_999)));
        Assert.Equal([id], await FindAsync("key=" + Pig(5_000)));
        Assert.Empty(await FindAsync("key=" + Pig(2_000)));
        Assert.Equal([id], await FindAsync("key=FF-KEY-1"));
        Assert.Contains(id, await FindAsync("key=220122100"));
    }

    [Fact]
    public async Task Should_find_a_certificate_by_its_plate_and_a_forged_push_by_its_farm()
    {
        var certificate = new JsonObject
        {
            ["zmbh"] = "ZM-KEY-1", ["zmlx"] = "B", ["sbdh"] = "SB-NONE", ["yzcbm"] = "FR220122999002", ["xmdm"] = "1", ["sl"] = 1,
            ["ebh"] = new JsonArray(Pig(77)), ["qydd"] = new JsonObject { ["xzqhdm"] = "220122100", ["dz"] = "农安镇" },
            ["ddd"] = new JsonObject { ["xzqhdm"] = "220102", ["dz"] = "屠宰场" }, ["cyr"] = "王师傅", ["cph"] = "吉A9K123",
            ["gfsy"] = "李兽医", ["qfsj"] = "2026-07-20 14:00:00", ["yxts"] = 1,
        };
        var (_, answer) = await SendAsync(hub.Client, "certificates", certificate);
        var cert = long.Parse((string)answer["hubId"]!);
        var forged = await RegistryPush.SendAsync(hub.Client,
            new JsonObject { ["rows"] = new JsonArray(RegistryPush.Farm("FR220122999003")) }.ToJsonString(), "fr-sandbox", "wrong-secret");
        var forgedId = long.Parse((string)forged.Body["hubId"]!);

        Assert.Equal([cert], await FindAsync("key=" + Uri.EscapeDataString("吉A9K123")));
        Assert.Equal([cert], await FindAsync("key=ZM-KEY-1"));
        Assert.Equal([forgedId], await FindAsync("key=FR220122999003"));
    }

    [Fact]
    public async Task Should_make_a_body_searchable_whose_transaction_reserved_its_id_first_and_committed_last()
    {
        await using var conn = new NpgsqlConnection(hub.ConnectionString);
        await conn.OpenAsync();
        var indexer = hub.Factory.Services.GetRequiredService<JournalSearchIndexer>();

        // A long message (a 100,000-row sheet) reserves its journal id, received an hour ago, and is still working...
        await using var slow = new NpgsqlConnection(hub.ConnectionString);
        await slow.OpenAsync();
        await using var tx = await slow.BeginTransactionAsync();
        long reserved;
        await using (var next = new NpgsqlCommand("select nextval('journal_id_seq')", slow, tx))
            reserved = (long)(await next.ExecuteScalarAsync())!;
        // ...while later messages commit, and the indexer passes again and again.
        var farm = RegistryPush.Farm("FR220122999006");
        farm["dz"] = "吉林省长春市农安县 Later-Road 6号";
        var later = long.Parse((string)(await RegistryPush.PushAsync(hub.Client, [farm])).Body["hubId"]!);
        // However long ago they were received: time says nothing about which transactions are still open.
        await using (var old = new NpgsqlCommand("""
            insert into journal (id, received_at, source, type, status, raw_body, processing_ms)
            values (nextval('journal_id_seq'), now() - interval '1 hour', 'farm-registry', 'farm-push', 'Accepted', '{"dz":"Old-Lane 2号"}', 0)
            """, conn))
            await old.ExecuteNonQueryAsync();
        var passes = new List<JournalSearchIndexer.Pass>();
        for (var i = 0; i < 3; i++) passes.Add(await indexer.RunAsync());

        Assert.True(later > reserved);
        Assert.Equal([later], await FindAsync("q=later-road"));
        Assert.Single(await FindAsync("q=old-lane"));
        Assert.All(passes, p => Assert.True(p.Cursor < reserved, $"the cursor passed {p.Cursor}, beyond the open id {reserved}"));

        await using (var insert = new NpgsqlCommand("""
            insert into journal (id, received_at, source, type, status, raw_body, processing_ms)
            values (@id, now() - interval '1 hour', 'farm-registry', 'farm-push', 'Accepted', '{"dz":"Slow-Lane 1号"}', 0)
            """, slow, tx))
        {
            insert.Parameters.AddWithValue("id", reserved);
            await insert.ExecuteNonQueryAsync();
        }
        await tx.CommitAsync();
        await indexer.RunAsync();
        var caughtUp = await indexer.RunAsync();

        Assert.Equal([reserved], await FindAsync("q=slow-lane"));
        Assert.True(caughtUp.Cursor >= later, $"cursor {caughtUp.Cursor} once nothing is open");
        Assert.Equal(0, await indexer.BacklogAsync());
    }

    [Fact]
    public async Task Should_find_a_refused_body_at_once_and_an_accepted_one_once_the_search_indexer_ran()
    {
        await using var conn = new NpgsqlConnection(hub.ConnectionString);
        await conn.OpenAsync();
        var declaration = Declaration("SB-TEXT-1", "FR220122999005", Pig(21));
        declaration["ddd"]!["dz"] = "长春市 Huayuan-Lane 17号";
        var (refusal, refused) = await SendAsync(hub.Client, "declarations", declaration);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refusal.StatusCode);
        var refusedId = long.Parse((string)refused["hubId"]!);
        var farm = RegistryPush.Farm("FR220122999004");
        farm["dz"] = "吉林省长春市农安县农安镇 Qingshan-Road 88号";
        var (_, answer) = await RegistryPush.PushAsync(hub.Client, [farm]);
        var id = long.Parse((string)answer["hubId"]!);

        Assert.Equal([refusedId], await FindAsync("q=huayuan-lane"));

        var pass = await hub.Factory.Services.GetRequiredService<JournalSearchIndexer>().RunAsync();
        Assert.True(pass.Ran);
        Assert.Equal(0, await hub.Factory.Services.GetRequiredService<JournalSearchIndexer>().BacklogAsync());
        Assert.Equal([id], await FindAsync("q=qingshan-road"));
        Assert.Equal([id], await FindAsync("q=" + Uri.EscapeDataString("Road 88")));
        Assert.Empty(await FindAsync("q=" + Uri.EscapeDataString("qingshan_road"))); // _ is a character, not a wildcard
        Assert.Empty(await FindAsync("q=Qingshan-Road&source=djet"));
        Assert.Equal([refusedId], await FindAsync("q=huayuan-lane&status=refused"));

        await using (var off = new NpgsqlCommand("set enable_seqscan = off", conn)) await off.ExecuteNonQueryAsync();
        await using var explain = new NpgsqlCommand(
            "explain select id from journal where status <> 'Accepted' and raw_body ilike '%qingshan%' or keys @> array['X']::text[] or tag_ranges @> 122012200000001::bigint", conn);
        var plan = string.Join("\n", await ReadAllAsync(explain));
        Assert.Contains("ix_journal_raw_body_trgm_unaccepted", plan);
        Assert.Contains("ix_journal_keys", plan);
        Assert.Contains("ix_journal_tag_ranges", plan);
        await using var search = new NpgsqlCommand("explain select journal_id from journal_search where body ilike '%qingshan%'", conn);
        Assert.Contains("ix_journal_search_body_trgm", string.Join("\n", await ReadAllAsync(search)));
    }

    [Fact]
    public async Task Should_refuse_bad_searches_with_a_reason()
    {
        var viewer = await hub.LoginAsync("viewer");
        foreach (var (client, query, status, reason) in new[]
                 {
                     (hub.Client, "q=ab", HttpStatusCode.BadRequest, "TEXT_SEARCH_LENGTH"),
                     (hub.Client, "key=" + new string('x', 65), HttpStatusCode.BadRequest, "KEY_INVALID"),
                     (hub.Client, "status=lost", HttpStatusCode.BadRequest, "INVALID_STATUS"),
                     (hub.Client, "key=a%00b", HttpStatusCode.BadRequest, "TEXT_NUL"),
                     (viewer, "q=13812345678", HttpStatusCode.Forbidden, "TEXT_SEARCH_NOT_FOR_VIEWERS"),
                 })
        {
            var response = await client.GetAsync("/api/journal?" + query);
            Assert.Equal(status, response.StatusCode);
            Assert.Equal(reason, (string?)(await response.Content.ReadFromJsonAsync<JsonObject>())!["title"]);
        }
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/journal?key=FR220122999001")).StatusCode);
    }

    private static async Task<List<string>> ReadAllAsync(NpgsqlCommand command)
    {
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) lines.Add(reader.GetString(0));
        return lines;
    }
}

public sealed class Extracting_business_keys
{
    [Fact]
    public void Should_read_keys_and_merged_tag_ranges_of_a_declaration()
    {
        var body = Finding_messages_by_business_key.Declaration("SB-1", "FR220122000123",
            Pig(3), Pig(1), Pig(2), Pig(9), "not-a-tag").ToJsonString();
        var keys = JournalKeyExtractor.Extract("djet", "declaration", body);

        Assert.Equal(["FR220122000123", "SB-1"], keys.Keys);
        Assert.Equal([(long.Parse(Pig(1)), long.Parse(Pig(3))), (long.Parse(Pig(9)), long.Parse(Pig(9)))], keys.TagRanges);
    }

    [Fact]
    public void Should_keep_what_it_read_before_a_body_stops_being_json()
    {
        var body = """{"ffid":"FF-9","ffdw":"220122","hd":[{"qshm":"122012200000010","zzhm":"122012200000001"},{"qshm":"1220122""";
        var keys = JournalKeyExtractor.Extract("djet", "tag-issuance", body);

        Assert.Equal(["220122", "FF-9"], keys.Keys);
        Assert.Equal([(122012200000001L, 122012200000010L)], keys.TagRanges);
    }

    [Fact]
    public void Should_read_registrars_and_merged_ranges_of_a_stock_sheet()
    {
        var csv = string.Join("\n",
            EarTagTrace.Hub.Features.TagStockSheet.ApplyTagStockSheet.NormalizedHeader,
            $"2,220122,X1,P1,{Pig(1)},{Pig(100)},100,2026-05-01 09:00:00",
            $"3,220122,X1,P2,{Pig(101)},{Pig(200)},100,2026-05-01 09:00:00",
            $"4,220122100,X2,P1,{Pig(500)},{Pig(509)},10,2026-05-01 09:00:00");
        var keys = JournalKeyExtractor.Extract("sheet", "tag-stock-import", csv);

        Assert.Equal(["220122", "220122100"], keys.Keys);
        Assert.Equal([(long.Parse(Pig(1)), long.Parse(Pig(200))), (long.Parse(Pig(500)), long.Parse(Pig(509)))], keys.TagRanges);
    }

    [Fact]
    public void Should_name_only_the_partners_key_fields()
    {
        var registry = JournalKeyExtractor.Extract("farm-registry", "farm-push",
            """{"rows":[{"yzcbm":"FR1","fzr":"张伟","ebh":["122012200000001"]},{"yzcbm":"FR2"}]}""");
        Assert.Equal(["FR1", "FR2"], registry.Keys);
        Assert.Empty(registry.TagRanges);
        Assert.Empty(JournalKeyExtractor.Extract("sheet", "tag-stock-import", "a,b,c").Keys);
        Assert.Empty(JournalKeyExtractor.Extract("somebody", "thing", """{"yzcbm":"FR1"}""").Keys);
        Assert.Empty(JournalKeyExtractor.Extract("djet", "declaration", "").Keys);
    }
}
