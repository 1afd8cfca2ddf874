using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EarTagTrace.Hub.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using static EarTagTrace.Hub.Tests.Support.DjetPush;

namespace EarTagTrace.Hub.Tests.Features.TagStockSheet;

/// <summary>
/// Issue 10: the registrar looks the ledger up once for the union of a sheet's ranges and writes the rows with COPY.
/// A registration that several rows overlap is named on each of them; duplicates and fresh rows mix; every registered
/// row has its holding and its outbox item carrying the registration's id.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class Registering_stock_set_wise(HubFixture hub) : IAsyncLifetime
{
    private const string County = "220122";
    private const string CsvHeader = "县级区划代码,箱号,包号,起始耳标号,终止耳标号,数量,登记时间";

    public Task InitializeAsync() => hub.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Should_name_every_row_that_overlaps_a_registered_range()
    {
        var (pushed, _) = await SendAsync(hub.Client, "tag-stock", Stock(County, ("B9", Pig(2001), Pig(3000))));
        Assert.Equal(HttpStatusCode.OK, pushed.StatusCode);

        // Rows 2..6 are consecutive (one probe of the ledger); 3, 4 and 5 touch the registered 2001-3000.
        var (status, answer) = await ImportAsync(
            Row(1, 1900), Row(1901, 2100), Row(2101, 2500), Row(2501, 3100), Row(3101, 3200), Row(9001, 9010));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        var errors = answer["errors"]!.AsArray();
        Assert.Equal([(3, "RANGE_OVERLAPS_EXISTING"), (4, "RANGE_OVERLAPS_EXISTING"), (5, "RANGE_OVERLAPS_EXISTING")],
            errors.Select(e => (e!["row"]!.GetValue<int>(), e["code"]!.GetValue<string>())));
        Assert.All(errors, e => Assert.Contains($"{Pig(2001)}-{Pig(3000)}", e!["detail"]!.GetValue<string>()));
        Assert.Equal(1000, await RegisteredTagsAsync());
    }

    [Fact]
    public async Task Should_register_the_new_rows_of_a_sheet_sent_again_and_count_the_others_as_duplicates()
    {
        var (first, _) = await ImportAsync(Row(1, 100, "B1"), Row(201, 300, "B3"));
        Assert.Equal(HttpStatusCode.OK, first);

        var (status, answer) = await ImportAsync(Row(1, 100, "B1"), Row(101, 200, "B2"), Row(201, 300, "B3"), Row(5001, 5050, "B4"));

        Assert.True(status == HttpStatusCode.OK, answer.ToJsonString());
        Assert.Equal((2, 2, 150L), (answer["registered"]!.GetValue<int>(), answer["duplicates"]!.GetValue<int>(), answer["tags"]!.GetValue<long>()));
        Assert.Equal(350, await RegisteredTagsAsync());

        // Each registered row: its county holding, and one item for 国家云平台 carrying the registration's own id and range.
        await using var db = hub.Db();
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            select g.id, lower(g.tag_range), upper(g.tag_range) - 1, g.box, h.holder_type, h.holder_code, o.entity_key, o.payload::text
            from tag_registration g
            join tag_holding h on h.registration_id = g.id
            join outbox o on o.entity_key = 'tag-registration:' || g.id and o.destination = 'national-cloud/eartag-stock'
            where g.journal_id = @journal
            order by lower(g.tag_range)
            """, connection);
        cmd.Parameters.AddWithValue("journal", long.Parse(answer["hubId"]!.GetValue<string>()));
        var rows = new List<(long Id, long First, long Last, string Box, string HolderType, string Holder, string Key, JsonElement Payload)>();
        await using (var reader = await cmd.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                rows.Add((reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
                    reader.GetString(6), JsonDocument.Parse(reader.GetString(7)).RootElement.Clone()));

        Assert.Equal([(long.Parse(Pig(101)), long.Parse(Pig(200)), "B2"), (long.Parse(Pig(5001)), long.Parse(Pig(5050)), "B4")],
            rows.Select(r => (r.First, r.Last, r.Box)));
        Assert.All(rows, r =>
        {
            Assert.Equal(("County", County), (r.HolderType, r.Holder));
            Assert.Equal(r.Id, r.Payload.GetProperty("id").GetInt64());
            Assert.Equal(County, r.Payload.GetProperty("registrarCode").GetString());
            Assert.Equal(r.First, r.Payload.GetProperty("range").GetProperty("first").GetInt64());
            Assert.Equal(r.Last - r.First + 1, r.Payload.GetProperty("count").GetInt64());
        });
    }

    private static string Row(long first, long last, string box = "X1") =>
        $"{County},{box},P1,{Pig(first)},{Pig(last)},{last - first + 1},2026-05-01 09:00:00";

    private async Task<(HttpStatusCode Status, JsonObject Answer)> ImportAsync(params string[] rows)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(CsvHeader + "\n" + string.Join("\n", rows) + "\n"));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var response = await hub.Client.PostAsync("/api/tag-stock/import", content);
        return (response.StatusCode, (await response.Content.ReadFromJsonAsync<JsonObject>())!);
    }

    private async Task<long> RegisteredTagsAsync()
    {
        var ledger = await hub.Client.GetFromJsonAsync<JsonObject>($"/api/tags/ledger?region={County}");
        return ledger!["lines"]!.AsArray().Single(l => l!["code"]!.GetValue<string>() == County)!["registered"]!.GetValue<long>();
    }
}
