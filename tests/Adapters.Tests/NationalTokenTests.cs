using EarTagTrace.Adapters.NationalCloud;
using EarTagTrace.Mappings.NationalCloud;

namespace EarTagTrace.Adapters.Tests;

public sealed class Authenticating_to_a_national_platform : IDisposable
{
    private readonly FakeNationalPlatform _platform = new();

    public void Dispose() => _platform.Dispose();

    private void FarmsAnswer(string token, IResponseBuilder response) =>
        _platform.Server.Given(Request.Create().WithPath(FakeNationalPlatform.FarmsPath).UsingPost()
                .WithHeader("Authorization", $"Bearer {token}"))
            .RespondWith(response);

    [Fact]
    public async Task Should_request_the_token_with_client_credentials_once_and_reuse_it()
    {
        FarmsAnswer("t1", FakeNationalPlatform.Answer(NationalCodes.Success, accepted: 1));
        await using var host = _platform.Host();
        var api = host.GetRequiredService<INationalCloudApi>();

        await api.UploadFarmsAsync("r1", FakeNationalPlatform.OneFarm());
        var second = await api.UploadFarmsAsync("r2", FakeNationalPlatform.OneFarm());

        Assert.Equal(NationalCodes.Success, second.Code);
        var tokenRequest = Assert.Single(_platform.Requests(FakeNationalPlatform.TokenPath)).RequestMessage;
        Assert.Contains("grant_type=client_credentials", tokenRequest.Body);
        Assert.Contains("client_id=eartag-sandbox", tokenRequest.Body);
        Assert.Contains("client_secret=eartag-sandbox-secret", tokenRequest.Body);
        var farms = _platform.Requests(FakeNationalPlatform.FarmsPath);
        Assert.Equal(["r1", "r2"], farms.Select(e => AdapterHost.Header(e.RequestMessage, "X-Request-Id")));
    }

    [Fact]
    public async Task Should_fetch_a_new_token_shortly_before_the_old_one_expires()
    {
        FarmsAnswer("t1", FakeNationalPlatform.Answer(NationalCodes.Success));
        FarmsAnswer("t2", FakeNationalPlatform.Answer(NationalCodes.Success));
        var clock = new TestClock();
        await using var host = _platform.Host(clock: clock);
        var api = host.GetRequiredService<INationalCloudApi>();

        await api.UploadFarmsAsync("r1", FakeNationalPlatform.OneFarm());
        clock.Advance(TimeSpan.FromSeconds(7200 - 120));
        await api.UploadFarmsAsync("r2", FakeNationalPlatform.OneFarm());
        Assert.Single(_platform.Requests(FakeNationalPlatform.TokenPath));

        clock.Advance(TimeSpan.FromSeconds(90)); // now inside the refresh margin of 60 s
        await api.UploadFarmsAsync("r3", FakeNationalPlatform.OneFarm());

        Assert.Equal(2, _platform.Requests(FakeNationalPlatform.TokenPath).Count);
        Assert.Equal("Bearer t2",
            AdapterHost.Header(_platform.Requests(FakeNationalPlatform.FarmsPath)[^1].RequestMessage, "Authorization"));
    }

    [Fact]
    public async Task Should_refresh_the_token_and_resend_once_on_http_401()
    {
        FarmsAnswer("t1", FakeNationalPlatform.Status(401));
        FarmsAnswer("t2", FakeNationalPlatform.Answer(NationalCodes.Success, accepted: 1));
        await using var host = _platform.Host();

        var answer = await host.GetRequiredService<INationalCloudApi>().UploadFarmsAsync("r1", FakeNationalPlatform.OneFarm());

        Assert.Equal(NationalCodes.Success, answer.Code);
        Assert.Equal(1, answer.Data!.Accepted);
        Assert.Equal(2, _platform.Requests(FakeNationalPlatform.TokenPath).Count);
        var farms = _platform.Requests(FakeNationalPlatform.FarmsPath);
        Assert.Equal(2, farms.Count);
        // The resent request carries the same body and request id, so the platform can deduplicate it.
        Assert.Equal(farms[0].RequestMessage.Body, farms[1].RequestMessage.Body);
        Assert.Contains("FR220122000123", farms[1].RequestMessage.Body);
        Assert.Equal("r1", AdapterHost.Header(farms[1].RequestMessage, "X-Request-Id"));
    }

    [Fact]
    public async Task Should_refresh_the_token_and_resend_once_on_business_code_1001()
    {
        FarmsAnswer("t1", FakeNationalPlatform.Answer(NationalCodes.TokenInvalid));
        FarmsAnswer("t2", FakeNationalPlatform.Answer(NationalCodes.Success, accepted: 1));
        await using var host = _platform.Host();

        var answer = await host.GetRequiredService<INationalCloudApi>().UploadFarmsAsync("r1", FakeNationalPlatform.OneFarm());

        Assert.Equal(NationalCodes.Success, answer.Code);
        Assert.Equal(2, _platform.Requests(FakeNationalPlatform.FarmsPath).Count);
        Assert.Equal(2, _platform.Requests(FakeNationalPlatform.TokenPath).Count);
    }

    [Fact]
    public async Task Should_give_up_after_one_refresh_when_the_new_token_is_refused_too()
    {
        FarmsAnswer("t1", FakeNationalPlatform.Status(401));
        FarmsAnswer("t2", FakeNationalPlatform.Status(401));
        await using var host = _platform.Host();

        var error = await Assert.ThrowsAsync<Refit.ApiException>(() =>
            host.GetRequiredService<INationalCloudApi>().UploadFarmsAsync("r1", FakeNationalPlatform.OneFarm()));

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, error.StatusCode);
        // The call gives up at once, but the items are not bad: the hub delivers them again later, with a new token.
        Assert.True(Common.PartnerFailure.IsTransient(error));
        Assert.Equal(2, _platform.Requests(FakeNationalPlatform.FarmsPath).Count);
    }

    [Fact]
    public async Task Should_fetch_one_token_for_a_burst_of_concurrent_calls()
    {
        _platform.Server.Given(Request.Create().WithPath(FakeNationalPlatform.TokenPath).UsingPost())
            .AtPriority(0)
            .RespondWith(Response.Create().WithDelay(200).WithBodyAsJson(new { access_token = "t1", expires_in = 7200 }));
        FarmsAnswer("t1", FakeNationalPlatform.Answer(NationalCodes.Success));
        await using var host = _platform.Host();
        var api = host.GetRequiredService<INationalCloudApi>();

        var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(i => api.UploadFarmsAsync($"r{i}", FakeNationalPlatform.OneFarm())));

        Assert.All(answers, a => Assert.Equal(NationalCodes.Success, a.Code));
        Assert.Single(_platform.Requests(FakeNationalPlatform.TokenPath));
    }
}
