using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EarTagTrace.Hub.Features.FarmQr;
using Microsoft.EntityFrameworkCore;

namespace EarTagTrace.Hub.Tests.Features.FarmQr;

[Collection(HubCollection.Name)]
public sealed partial class Farm_qr_codes(HubFixture hub) : IAsyncLifetime
{
    private const string FarmCode = "FR220122100001";

    public Task InitializeAsync() => hub.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [GeneratedRegex("^[A-Za-z0-9_-]{22}$")]
    private static partial Regex Base64Url128();

    [Fact]
    public void Should_make_distinct_128_bit_base64url_tokens()
    {
        var tokens = Enumerable.Range(0, 1000).Select(_ => FarmQrTokens.New()).ToList();

        Assert.All(tokens, t => Assert.Matches(Base64Url128(), t));
        Assert.Equal(tokens.Count, tokens.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task Should_give_a_farm_a_token_on_first_request_and_keep_it()
    {
        await PushFarmAsync();

        var first = await GetQrAsync();
        var again = await GetQrAsync();

        var token = (string)first["token"]!;
        Assert.Matches(Base64Url128(), token);
        Assert.Equal(token, (string?)again["token"]);
        Assert.Equal($"https://djet.jl.gov.cn/sb?yzcbm={FarmCode}&ewm={token}", (string?)first["payload"]);
        await using var db = hub.Db();
        var farm = await db.Farms.SingleAsync(f => f.Code == FarmCode);
        Assert.Equal(token, farm.QrToken);
        Assert.NotNull(farm.QrRotatedAt);
    }

    [Fact]
    public async Task Should_rotate_the_token_so_the_old_one_stops_working()
    {
        await PushFarmAsync();
        var old = (string)(await GetQrAsync())["token"]!;

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/farms/{FarmCode}/qr/rotate");
        request.Headers.Add("X-Actor", "农安县动监所 王科长");
        var rotate = await hub.Client.SendAsync(request);
        var rotated = await rotate.Content.ReadFromJsonAsync<JsonObject>();
        var after = await GetQrAsync();

        Assert.Equal(HttpStatusCode.OK, rotate.StatusCode);
        var token = (string)rotated!["token"]!;
        Assert.NotEqual(old, token);
        Assert.Matches(Base64Url128(), token);
        Assert.Equal(token, (string?)after["token"]);
        Assert.EndsWith($"&ewm={token}", (string?)after["payload"], StringComparison.Ordinal);
        await using var db = hub.Db();
        Assert.False(await db.Farms.AnyAsync(f => f.QrToken == old));
        Assert.Equal(token, (await db.Farms.SingleAsync(f => f.Code == FarmCode)).QrToken);
    }

    [Fact]
    public async Task Should_render_the_code_as_png_and_svg_without_caching()
    {
        await PushFarmAsync();

        var png = await hub.Client.GetAsync($"/api/farms/{FarmCode}/qr.png");
        var svg = await hub.Client.GetAsync($"/api/farms/{FarmCode}/qr.svg");

        Assert.Equal(HttpStatusCode.OK, png.StatusCode);
        Assert.Equal("image/png", png.Content.Headers.ContentType?.MediaType);
        var bytes = await png.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        Assert.True(png.Headers.CacheControl?.NoStore);
        Assert.Equal(HttpStatusCode.OK, svg.StatusCode);
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<svg", await svg.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // The image and the JSON speak of the same token: the first rendering made it, and it was kept.
        await using var db = hub.Db();
        Assert.Equal((string?)(await GetQrAsync())["token"], (await db.Farms.SingleAsync()).QrToken);
    }

    [Fact]
    public async Task Should_answer_an_unknown_farm_with_FARM_UNKNOWN()
    {
        foreach (var response in new[]
        {
            await hub.Client.GetAsync("/api/farms/FR000000000000/qr"),
            await hub.Client.GetAsync("/api/farms/FR000000000000/qr.png"),
            await hub.Client.GetAsync("/api/farms/FR000000000000/qr.svg"),
            await hub.Client.PostAsync("/api/farms/FR000000000000/qr/rotate", null),
        })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("FARM_UNKNOWN", (string?)(await response.Content.ReadFromJsonAsync<JsonObject>())!["title"]);
        }
    }

    private async Task PushFarmAsync()
    {
        var (response, body) = await RegistryPush.PushAsync(hub.Client, [RegistryPush.Farm(FarmCode)]);
        Assert.True(response.IsSuccessStatusCode, body.ToJsonString());
    }

    private async Task<JsonObject> GetQrAsync()
    {
        var response = await hub.Client.GetAsync($"/api/farms/{FarmCode}/qr");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }
}
