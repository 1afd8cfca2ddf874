using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using static EarTagTrace.Hub.Tests.Features.Origin.OriginSheet;

namespace EarTagTrace.Hub.Tests.Features.Origin;

[Collection(HubCollection.Name)]
public sealed class Refining_a_location(HubFixture hub) : IAsyncLifetime
{
    private readonly StaffLogin _login = new(hub);

    public Task InitializeAsync() => _login.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private Task<HttpClient> As(string user) => _login.As(user);

    [Fact]
    public async Task Should_keep_every_change_of_point_with_who_and_when_and_keep_it_when_the_sheet_comes_again()
    {
        var client = await As("anxi-fengcheng");
        var sheet = Csv([Row(longitude: null, latitude: null)]);
        await ImportAsync(client, sheet);
        var id = (await RecordsAsync(client))[0]!["id"]!.GetValue<long>();

        var first = await client.PutAsJsonAsync($"/api/origin/records/{id}/location", new { longitude = 118.1865, latitude = 25.0554 });
        var second = await client.PutAsJsonAsync($"/api/origin/records/{id}/location", new { longitude = 118.1901, latitude = 25.0577 });
        // The batch sheet again, still without coordinates: the refined point stays.
        await ImportAsync(client, sheet);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var detail = await client.GetFromJsonAsync<JsonObject>($"/api/origin/records/{id}");
        Assert.Equal(118.1901m, detail!["record"]!["longitude"]!.GetValue<decimal>());
        var history = detail["locationHistory"]!.AsArray();
        Assert.Equal(2, history.Count);
        Assert.Null(history[0]!["fromLongitude"]);
        Assert.Equal(118.1865m, history[0]!["longitude"]!.GetValue<decimal>());
        Assert.Equal(118.1865m, history[1]!["fromLongitude"]!.GetValue<decimal>());
        Assert.All(history, h => Assert.Equal("anxi-fengcheng", h!["changedBy"]!.GetValue<string>()));
        Assert.All(history, h => Assert.Equal("refine", h!["source"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Should_refuse_a_point_outside_china_or_half_a_point()
    {
        var client = await As("anxi-fengcheng");
        await ImportAsync(client, Csv([Row()]));
        var id = (await RecordsAsync(client))[0]!["id"]!.GetValue<long>();

        var outside = await client.PutAsJsonAsync($"/api/origin/records/{id}/location", new { longitude = 2.35, latitude = 48.85 });
        var half = await client.PutAsJsonAsync($"/api/origin/records/{id}/location", new { longitude = 118.2 });
        var unknown = await client.PutAsJsonAsync("/api/origin/records/999999/location", new { longitude = 118.2, latitude = 25.1 });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, outside.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, half.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
