using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EarTagTrace.Hub.Features.Origin;
using EarTagTrace.Hub.Persistence;
using Microsoft.EntityFrameworkCore;
using EarTagTrace.Simulator.National;
using static EarTagTrace.Hub.Tests.Features.Origin.OriginSheet;

namespace EarTagTrace.Hub.Tests.Features.Origin;

/// <summary>Against the 2023 deadlines of appsettings.json (seed 六): cowpea by 02-17 / 02-25, the others by 03-15 / 03-25.</summary>
[Collection(HubCollection.Name)]
public sealed class Listing_what_is_overdue(HubFixture hub) : IAsyncLifetime
{
    private readonly StaffLogin _login = new(hub);

    public Task InitializeAsync() => _login.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private Task<HttpClient> As(string user) => _login.As(user);

    [Fact]
    public async Task Should_measure_collection_monthly_updates_and_uploads_against_the_configured_deadlines()
    {
        var client = await As("anxi-fengcheng");
        await ImportAsync(client, Csv(
        [
            Row(entity: "当茬豇豆", marketStart: "2023-02-01", marketEnd: "2023-06-30", collectedAt: "2023-02-05 09:00:00"),
            Row(entity: "旧茬豇豆", marketStart: "2022-11-01", marketEnd: "2023-03-01", collectedAt: "2022-11-01 09:00:00", collector: "李强"),
            Row(entity: "猪场", product: "生猪", scale: "120", marketStart: null, marketEnd: null, collectedAt: "2023-02-01 09:00:00"),
        ]));
        await WaitForUploadsAsync(3, DeliveryStatus.Delivered);
        // The leek's upload fails for good: it stays not uploaded past 03-25.
        hub.Partners.NationalAgri.SetFaults(new FaultSettings { Script = ["2001"] });
        await ImportAsync(client, Csv([Row(entity: "韭菜基地", product: "韭菜", marketStart: "2023-03-01", marketEnd: "2023-06-01", collectedAt: "2023-03-10 09:00:00")]));
        await WaitForUploadsAsync(1, DeliveryStatus.Failed);

        var late = await OverdueAsync(client, "2023-03-30");
        var early = await OverdueAsync(client, "2023-03-10");

        Assert.Equal(
            [("旧茬豇豆", OverdueReport.CollectionOverdue, "2023-02-17"), ("猪场", OverdueReport.MonthlyUpdateOverdue, "2023-03-01"),
             ("韭菜基地", OverdueReport.UploadOverdue, "2023-03-25")],
            Items(late).OrderBy(i => i.Entity));
        // Before 03-15 the pigs are not yet overdue; the cowpea deadline (02-17) has passed already.
        Assert.Equal([("旧茬豇豆", OverdueReport.CollectionOverdue, "2023-02-17")], Items(early));
        var groups = late["groups"]!.AsArray();
        Assert.Equal(2, groups.Count);
        Assert.Contains(groups, g => g!["collector"]!.GetValue<string>() == "李强" && g["count"]!.GetValue<int>() == 1 && g["township"]!.GetValue<string>() == "凤城镇");
    }

    [Fact]
    public async Task Should_keep_the_overdue_jobs_last_run()
    {
        var client = await As("anxi-fengcheng");
        await ImportAsync(client, Csv([Row(entity: "猪场", product: "生猪", scale: "120", marketStart: null, marketEnd: null, collectedAt: "2023-02-01 09:00:00")]));

        var run = await client.PostAsync("/api/origin/overdue/run", null);
        var listed = await client.GetFromJsonAsync<JsonObject>($"/api/origin/overdue?region={Fengcheng}");

        Assert.Equal(HttpStatusCode.OK, run.StatusCode);
        Assert.NotNull(listed!["measuredAt"]);
        var item = Assert.Single(Items(listed));
        Assert.Equal(("猪场", OverdueReport.MonthlyUpdateOverdue), (item.Entity, item.Kind));
    }

    private static List<(string Entity, string Kind, string Due)> Items(JsonObject answer) => answer["groups"]!.AsArray()
        .SelectMany(g => g!["items"]!.AsArray())
        .Select(i => (i!["entity"]!.GetValue<string>(), i["kind"]!.GetValue<string>(), i["due"]!.GetValue<string>())).ToList();

    private static async Task<JsonObject> OverdueAsync(HttpClient client, string asOf) =>
        (await client.GetFromJsonAsync<JsonObject>($"/api/origin/overdue?region={Anxi}&asOf={asOf}"))!;

    private async Task WaitForUploadsAsync(int count, DeliveryStatus status) =>
        await Eventually.WaitAsync(async () =>
        {
            await using var db = hub.Db();
            return await db.Outbox.CountAsync(o => o.Destination == OriginDestinations.OriginRecords && o.Status == status);
        }, n => n >= count, $"{count} origin uploads {status}");
}
