using EarTagTrace.Adapters.Common;
using EarTagTrace.Adapters.Djet;
using EarTagTrace.Adapters.FarmRegistry;
using EarTagTrace.Mappings.FarmRegistry;

namespace EarTagTrace.Adapters.Tests;

public sealed class Calling_a_signed_partner : IDisposable
{
    private readonly WireMockServer _partner = WireMockServer.Start();

    public void Dispose() => _partner.Stop();

    private static SignatureCheck VerifyAsThePartnerWould(WireMock.IRequestMessage request, string appKey, string secret) =>
        new SignatureVerifier(TimeProvider.System).Verify(
            AdapterHost.Header(request, "appKey"),
            AdapterHost.Header(request, "timestamp"),
            AdapterHost.Header(request, "sign"),
            request.Method,
            request.AbsolutePath + request.RawQuery,
            request.Body ?? "",
            key => key == appKey ? secret : null);

    [Fact]
    public async Task Should_pull_a_registry_page_raw_with_a_signature_the_verifier_accepts()
    {
        const string page = """{"code":0,"msg":"ok","data":{"total":0,"page":1,"pageSize":500,"rows":[]}}""";
        _partner.Given(Request.Create().WithPath("/openapi/yzc/list").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(page));
        await using var host = AdapterHost.Build(s => s.AddFarmRegistryAdapter(),
            AdapterHost.FastSettings(FarmRegistryOptions.Section, _partner.Url!));

        var body = await host.GetRequiredService<IFarmRegistryApi>().ListFarmsAsync("2026-01-01 00:00:00", 1, 500);

        Assert.Equal(page, body);
        var request = Assert.Single(_partner.LogEntries).RequestMessage;
        Assert.Equal("?gxsjStart=2026-01-01%2000%3A00%3A00&page=1&pageSize=500", request.RawQuery);
        var check = VerifyAsThePartnerWould(request, "fr-sandbox", "fr-sandbox-secret");
        Assert.True(check.IsValid, check.Message);
    }

    [Fact]
    public async Task Should_sign_a_djet_body_and_send_the_request_id()
    {
        _partner.Given(Request.Create().WithPath("/api/yzc/sync").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithBodyAsJson(new { code = 0, msg = "ok" }));
        await using var host = AdapterHost.Build(s => s.AddDjetAdapter(),
            AdapterHost.FastSettings(DjetOptions.Section, _partner.Url!));
        var rows = new RegistryRowsBody([new RegistryFarmRecord
        {
            Yzcbm = "FR220122000123", Yzcmc = "双阳区示范养殖场", Xzqhdm = "220112100", Zt = "1", Gxsj = "2026-01-01 08:00:00",
        }]);

        var answer = await host.GetRequiredService<IDjetApi>().SyncFarmsAsync("req-1", rows);

        Assert.Equal(0, answer.Code);
        var request = Assert.Single(_partner.LogEntries).RequestMessage;
        Assert.Equal("req-1", AdapterHost.Header(request, "X-Request-Id"));
        Assert.Contains("双阳区示范养殖场", request.Body);
        Assert.True(VerifyAsThePartnerWould(request, "dj-sandbox", "dj-sandbox-secret").IsValid);
        Assert.False(VerifyAsThePartnerWould(request, "dj-sandbox", "fr-sandbox-secret").IsValid);
    }

    [Fact]
    public async Task Should_send_the_county_feature_with_partner_field_names()
    {
        _partner.Given(Request.Create().WithPath("/api/county-feature").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithBodyAsJson(new { code = 0, msg = "ok" }));
        await using var host = AdapterHost.Build(s => s.AddDjetAdapter(),
            AdapterHost.FastSettings(DjetOptions.Section, _partner.Url!));

        await host.GetRequiredService<IDjetApi>().SetCountyFeatureAsync("req-2",
            new DjetCountyFeature("220122", true, "2026-06-01 00:00:00"));

        var body = Assert.Single(_partner.LogEntries).RequestMessage.Body;
        Assert.Equal("""{"xzqhdm":"220122","qy":true,"qysj":"2026-06-01 00:00:00"}""", body);
    }
}
