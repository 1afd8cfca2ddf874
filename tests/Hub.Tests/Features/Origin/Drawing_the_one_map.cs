using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using static EarTagTrace.Hub.Tests.Features.Origin.OriginSheet;

namespace EarTagTrace.Hub.Tests.Features.Origin;

[Collection(HubCollection.Name)]
public sealed class Drawing_the_one_map(HubFixture hub) : IAsyncLifetime
{
    private readonly StaffLogin _login = new(hub);

    public async Task InitializeAsync()
    {
        await _login.ResetAsync();
        var client = await As("anxi");
        var (status, _) = await ImportAsync(client, Csv(
        [
            Row(entity: "绿源合作社", scale: "12.5", longitude: "118.18", latitude: "25.05", collectedAt: "2023-02-10 10:00:00"),
            Row(entity: "张家庭农场", type: "家庭农场", product: "韭菜", scale: "3", longitude: "118.20", latitude: "25.07", collectedAt: "2023-03-01 10:00:00"),
            Row(entity: "蓬莱猪场", type: "农产品生产企业", product: "生猪", scale: "300", region: Penglai + "201", longitude: "118.00", latitude: "25.20",
                marketStart: null, marketEnd: null, collectedAt: "2023-03-05 10:00:00"),
            Row(entity: "未定位农户", type: "农户", scale: "1", longitude: null, latitude: null),
        ]));
        Assert.Equal(HttpStatusCode.OK, status);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<HttpClient> As(string user) => _login.As(user);

    [Fact]
    public async Task Should_answer_one_point_feature_per_located_record_with_its_properties()
    {
        var client = await As("anxi");

        var map = await client.GetFromJsonAsync<JsonObject>("/api/origin/map?region=" + Anxi);

        Assert.Equal("FeatureCollection", map!["type"]!.GetValue<string>());
        var features = map["features"]!.AsArray();
        Assert.Equal(3, features.Count);
        var pigs = features.Single(f => f!["properties"]!["product"]!.GetValue<string>() == "live-pig")!;
        Assert.Equal("Point", pigs["geometry"]!["type"]!.GetValue<string>());
        Assert.Equal([118.0, 25.2], pigs["geometry"]!["coordinates"]!.AsArray().Select(c => c!.GetValue<double>()));
        var p = pigs["properties"]!;
        Assert.Equal("蓬莱猪场", p["entity"]!.GetValue<string>());
        Assert.Equal("enterprise", p["entityType"]!.GetValue<string>());
        Assert.Equal(300m, p["scale"]!.GetValue<decimal>());
        Assert.Equal("head", p["unit"]!.GetValue<string>());
        Assert.Equal(Penglai + "201", p["regionCode"]!.GetValue<string>());
        Assert.True(p["id"]!.GetValue<long>() > 0);
    }

    [Fact]
    public async Task Should_mask_the_names_of_person_named_entities_for_a_viewer_on_the_map_its_tiles_and_the_records()
    {
        await hub.CreateAccountAsync("anxi-viewer", Anxi, [EarTagTrace.Hub.Access.StaffRoles.Viewer]);
        var viewer = await hub.LoginAsync("anxi-viewer");

        var map = await viewer.GetFromJsonAsync<JsonObject>("/api/origin/map?region=" + Anxi);
        var entities = map!["features"]!.AsArray().Select(f => f!["properties"]!["entity"]!.GetValue<string>()).Order().ToList();
        // 家庭农场 is named after a person; a cooperative and an enterprise keep their registered names.
        Assert.Equal(new[] { "张***", "绿源合作社", "蓬莱猪场" }.Order(), entities);
        var records = await viewer.GetStringAsync("/api/origin/records?region=" + Anxi);
        Assert.DoesNotContain("张家庭农场", records);
        Assert.DoesNotContain("未定位农户", records);
        Assert.Contains("绿源合作社", records);

        // The vector tile at zoom 12 around the family farm (118.20, 25.07), written by PostgreSQL itself.
        var (x, y) = (118.20, 25.07 * Math.PI / 180);
        var (tx, ty) = ((int)((x + 180) / 360 * 4096), (int)((1 - Math.Log(Math.Tan(y) + 1 / Math.Cos(y)) / Math.PI) / 2 * 4096));
        var tile = await viewer.GetByteArrayAsync($"/api/origin/map/tiles/12/{tx}/{ty}.mvt");
        var clerkTile = await (await As("anxi")).GetByteArrayAsync($"/api/origin/map/tiles/12/{tx}/{ty}.mvt");
        static bool Holds(byte[] bytes, string text) => bytes.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(text)) >= 0;
        Assert.True(Holds(clerkTile, "张家庭农场"), "the clerk's tile names the family farm");
        Assert.False(Holds(tile, "张家庭农场"), "the viewer's tile holds the family farm's name unmasked");
        Assert.True(Holds(tile, "张***"));
    }

    [Theory]
    [InlineData("product=cowpea", "绿源合作社")]
    [InlineData("product=韭菜", "张家庭农场")]
    [InlineData("region=" + Penglai, "蓬莱猪场")]
    [InlineData("minScale=5&maxScale=20", "绿源合作社")]
    [InlineData("entityType=familyFarm", "张家庭农场")]
    [InlineData("entityType=家庭农场", "张家庭农场")]
    [InlineData("collectedFrom=2023-03-02&collectedTo=2023-03-05", "蓬莱猪场")]
    [InlineData("collectedTo=2023-02-10", "绿源合作社")]
    [InlineData("bbox=118.15,25.0,118.19,25.06", "绿源合作社")]
    public async Task Should_filter_the_map(string filter, string only)
    {
        var client = await As("anxi");

        var map = await client.GetFromJsonAsync<JsonObject>($"/api/origin/map?{filter}");

        var feature = Assert.Single(map!["features"]!.AsArray());
        Assert.Equal(only, feature!["properties"]!["entity"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("bbox=1,2,3")]
    [InlineData("minScale=10&maxScale=1")]
    [InlineData("entityType=company")]
    [InlineData("collectedFrom=2023-13-01")]
    [InlineData("region=35052")]
    public async Task Should_refuse_a_bad_filter_with_a_reason(string filter)
    {
        var client = await As("anxi");

        var response = await client.GetAsync($"/api/origin/map?{filter}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("FILTER_INVALID", (await response.Content.ReadFromJsonAsync<JsonObject>())!["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Should_show_a_township_collector_only_its_own_township()
    {
        var client = await As("anxi-fengcheng");

        var map = await client.GetFromJsonAsync<JsonObject>("/api/origin/map?region=" + Anxi);

        Assert.Equal(2, map!["features"]!.AsArray().Count);
        Assert.DoesNotContain(map["features"]!.AsArray(), f => f!["properties"]!["entity"]!.GetValue<string>() == "蓬莱猪场");
    }

    [Fact]
    public async Task Should_serve_vector_tiles_with_the_points_and_none_where_there_are_none()
    {
        var client = await As("anxi");
        var (x, y) = Tile(118.18, 25.05, 12);

        var near = await client.GetAsync($"/api/origin/map/tiles/12/{x}/{y}.mvt");
        var far = await client.GetAsync($"/api/origin/map/tiles/12/{x + 40}/{y}.mvt");
        var clustered = await client.GetAsync($"/api/origin/map/tiles/8/{x >> 4}/{y >> 4}.mvt?product=cowpea");
        var bad = await client.GetAsync("/api/origin/map/tiles/3/9/1.mvt");

        Assert.Equal(HttpStatusCode.OK, near.StatusCode);
        Assert.Equal("application/vnd.mapbox-vector-tile", near.Content.Headers.ContentType!.MediaType);
        var bytes = await near.Content.ReadAsByteArrayAsync();
        Assert.NotEmpty(bytes);
        // The layer name and the entity names travel as strings inside the protobuf.
        var text = System.Text.Encoding.UTF8.GetString(bytes);
        Assert.Contains("origin", text);
        Assert.Contains("绿源合作社", text);
        Assert.Empty(await far.Content.ReadAsByteArrayAsync());
        Assert.Contains("count", System.Text.Encoding.UTF8.GetString(await clustered.Content.ReadAsByteArrayAsync()));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Should_count_and_sum_scale_per_unit_by_township_and_by_product()
    {
        var client = await As("anxi");

        var byRegion = await client.GetFromJsonAsync<JsonObject>($"/api/origin/stats?groupBy=region&region={Anxi}");
        var byProduct = await client.GetFromJsonAsync<JsonObject>($"/api/origin/stats?groupBy=product&region={Anxi}&minScale=2");

        var fengcheng = byRegion!["groups"]!.AsArray().Single(g => g!["key"]!.GetValue<string>() == Fengcheng)!;
        Assert.Equal("凤城镇", fengcheng["name"]!.GetValue<string>());
        Assert.Equal(3, fengcheng["records"]!.GetValue<long>());
        Assert.Equal(2, fengcheng["located"]!.GetValue<long>());
        Assert.Equal(16.5m, fengcheng["mu"]!.GetValue<decimal>());
        Assert.Equal(4, byRegion["total"]!["records"]!.GetValue<long>());
        Assert.Equal(300m, byRegion["total"]!["head"]!.GetValue<decimal>());
        Assert.Equal(["cowpea", "leek", "live-pig"], byProduct!["groups"]!.AsArray().Select(g => g!["key"]!.GetValue<string>()).Order());
        Assert.Equal("豇豆", byProduct["groups"]!.AsArray().Single(g => g!["key"]!.GetValue<string>() == "cowpea")!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Should_export_the_supervision_list_and_the_sheet_for_a_region()
    {
        var client = await As("anxi");

        var response = await client.GetAsync("/api/origin/report.xlsx?region=" + Anxi);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), false);
        var sheets = document.WorkbookPart!.Workbook.Sheets!.Elements<DocumentFormat.OpenXml.Spreadsheet.Sheet>().Select(s => s.Name!.Value).ToList();
        Assert.Equal(["监管名录", "产地溯源信息采集表"], sheets);
        var parts = document.WorkbookPart.WorksheetParts.ToList();
        var rows = document.WorkbookPart.Workbook.Sheets!.Elements<DocumentFormat.OpenXml.Spreadsheet.Sheet>()
            .Select(s => ((DocumentFormat.OpenXml.Packaging.WorksheetPart)document.WorkbookPart.GetPartById(s.Id!)).Worksheet
                .Descendants<DocumentFormat.OpenXml.Spreadsheet.Row>().Count()).ToList();
        // Every producer on the list; the 采集表 holds those in scope (the 1-亩 household is in scope too: ≥ 0.5).
        Assert.Equal([5, 5], rows);
    }

    private static (int X, int Y) Tile(double lon, double lat, int z)
    {
        var n = 1 << z;
        var x = (int)((lon + 180) / 360 * n);
        var rad = lat * Math.PI / 180;
        var y = (int)((1 - Math.Log(Math.Tan(rad) + 1 / Math.Cos(rad)) / Math.PI) / 2 * n);
        return (x, y);
    }
}
