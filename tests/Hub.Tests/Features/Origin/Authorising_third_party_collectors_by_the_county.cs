using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EarTagTrace.Hub.Access;

namespace EarTagTrace.Hub.Tests.Features.Origin;

/// <summary>
/// The notice (四(二)): 有条件的地方，可以通过购买服务的方式委托第三方机构进行信息采集，但需要得到县级监管机构授权并签订信息安全保密协议。
/// Only the county supervision body authorises: a county-scope clerk or the administrator.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class Authorising_third_party_collectors_by_the_county(HubFixture hub) : IAsyncLifetime
{
    private readonly StaffLogin _login = new(hub);

    public Task InitializeAsync() => _login.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData(new[] { StaffRoles.Clerk }, "350524", true)]
    [InlineData(new[] { StaffRoles.Admin }, "22", true)]
    [InlineData(new[] { StaffRoles.Admin }, "350524100", true)]
    [InlineData(new[] { StaffRoles.Clerk }, "350524100", false)]
    [InlineData(new[] { StaffRoles.Clerk }, "35", false)]
    [InlineData(new[] { StaffRoles.Collector, StaffRoles.Clerk }, "3505241", false)]
    public void Should_let_only_a_county_clerk_or_the_administrator_authorise_需要得到县级监管机构授权(string[] roles, string scope, bool allowed)
    {
        var refusal = CollectorAuthorisations.WhoMayAuthorise(roles.ToHashSet(), scope);

        Assert.Equal(allowed, refusal is null);
        if (!allowed) Assert.Equal("COUNTY_AUTHORISATION_REQUIRED", refusal!.Code);
    }

    [Fact]
    public async Task Should_refuse_a_township_clerk_and_accept_the_county_clerk_for_the_same_township()
    {
        await hub.CreateAccountAsync("tp-fengcheng", "350524", [StaffRoles.Collector], thirdParty: true);
        await hub.CreateAccountAsync("fengcheng-clerk", "350524100", [StaffRoles.Clerk], password: "fengcheng-clerk-password");
        var township = await hub.LoginAsync("fengcheng-clerk", "fengcheng-clerk-password");
        var county = await _login.As("anxi");
        var grant = new
        {
            username = "tp-fengcheng", region = "350524100", agreementNo = "AX-BM-2023-01", agreementDate = "2023-02-08",
            expiresAt = hub.Clock.GetUtcNow().AddDays(90),
        };

        var byTownship = await township.PostAsJsonAsync("/api/collector-authorisations", grant);
        var byCounty = await county.PostAsJsonAsync("/api/collector-authorisations", grant);

        Assert.Equal(HttpStatusCode.Forbidden, byTownship.StatusCode);
        Assert.Equal("COUNTY_AUTHORISATION_REQUIRED", (string?)(await byTownship.Content.ReadFromJsonAsync<JsonObject>())!["title"]);
        Assert.Equal(HttpStatusCode.Created, byCounty.StatusCode);
        Assert.Equal("anxi", (string?)(await byCounty.Content.ReadFromJsonAsync<JsonObject>())!["authorisedBy"]);
    }
}
