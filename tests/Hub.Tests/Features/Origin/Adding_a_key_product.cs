using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EarTagTrace.Hub.Features.Origin;
using EarTagTrace.Mappings.Canonical;
using Microsoft.EntityFrameworkCore;
using static EarTagTrace.Hub.Tests.Features.Origin.OriginSheet;

namespace EarTagTrace.Hub.Tests.Features.Origin;

/// <summary>
/// The notice (一): 将……等7个品种和生猪作为产地溯源信息采集工作的重点，适时再增加其他品种. A ninth product is one
/// administrator call, audited; no SQL.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class Adding_a_key_product(HubFixture hub) : IAsyncLifetime
{
    private readonly StaffLogin _login = new(hub);

    public Task InitializeAsync() => _login.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private static readonly OriginProduct[] Eight = OriginProductConfiguration.KeyProducts;

    [Theory]
    [InlineData("tea", "茶叶", "亩", 1.0, "每茬", null, null)]
    [InlineData("duck", "番鸭", "Bird", 2000.0, "Monthly", null, null)]
    [InlineData("Tea", "茶叶", "亩", 1.0, "每茬", null, "PRODUCT_CODE_INVALID")]
    [InlineData("tea", "", "亩", 1.0, "每茬", null, "PRODUCT_NAME_INVALID")]
    [InlineData("tea", "茶叶", "斤", 1.0, "每茬", null, "UNIT_INVALID")]
    [InlineData("tea", "茶叶", "2", 1.0, "每茬", null, "UNIT_INVALID")]
    [InlineData("tea", "茶叶", "亩", 0.0, "每茬", null, "THRESHOLD_INVALID")]
    [InlineData("tea", "茶叶", "亩", 1.0, "每年", null, "CADENCE_INVALID")]
    [InlineData("goat", "山羊", "头", 50.0, "每月", "马", "SPECIES_INVALID")]
    [InlineData("cowpea", "长豇豆", "亩", 1.0, "每茬", null, "PRODUCT_EXISTS")]
    [InlineData("long-bean", "豇豆", "亩", 1.0, "每茬", null, "PRODUCT_EXISTS")]
    public void Should_decide_a_new_product_from_its_fields(string code, string name, string unit, double threshold, string cadence,
        string? species, string? refusal)
    {
        var (product, problems) = AddOriginProduct.Decide(
            new AddOriginProduct.Request(code, name, unit, (decimal)threshold, cadence, species), Eight);

        if (refusal is null)
        {
            Assert.Empty(problems);
            Assert.Equal((code, 9), (product!.Code, product.SortOrder));
        }
        else Assert.Contains(problems, p => p.Code == refusal);
    }

    [Fact]
    public async Task Should_add_a_ninth_product_by_the_administrator_audited_and_take_it_in_the_sheet_at_once()
    {
        var code = "tea-" + Guid.NewGuid().ToString("N")[..8];
        var name = "茶叶" + code[^4..];
        var admin = await _login.As("admin");
        var clerk = await _login.As("anxi");
        var product = new { code, name, unit = "亩", threshold = 1.0, cadence = "每茬" };

        var byClerk = await clerk.PostAsJsonAsync("/api/origin/products", product);
        var added = await admin.PostAsJsonAsync("/api/origin/products", product);
        var again = await admin.PostAsJsonAsync("/api/origin/products", product);
        var (smallStatus, _) = await ImportAsync(await _login.As("anxi-fengcheng"), Csv([Row(entity: "铁观音茶园", product: name, scale: "3")]));

        Assert.Equal(HttpStatusCode.Forbidden, byClerk.StatusCode);
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.OK, smallStatus);
        var listed = await clerk.GetFromJsonAsync<JsonObject>("/api/origin/products");
        Assert.Contains(listed!["items"]!.AsArray(), p => (string?)p!["code"] == code && (string?)p["unit"] == nameof(ScaleUnit.Mu));
        await using var db = hub.Db();
        var audit = await db.Set<EarTagTrace.Hub.Access.AuditEntry>().SingleAsync(a => a.Action == "origin.product.add" && a.Target == code);
        Assert.Equal("admin", audit.Actor);
        Assert.Equal(code, (await RecordsAsync(await _login.As("anxi"), "&product=" + code)).Single()!["product"]!.GetValue<string>());
    }
}
