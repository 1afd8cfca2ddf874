using EarTagTrace.Adapters.Common;
using EarTagTrace.Adapters.NationalCloud;
using EarTagTrace.Mappings.NationalCloud;
using Polly.CircuitBreaker;
using Refit;
using EarTagTrace.Adapters.NationalPlatforms;

namespace EarTagTrace.Adapters.Tests;

public sealed class Sending_to_a_flaky_national_platform : IDisposable
{
    private readonly FakeNationalPlatform _platform = new();

    public void Dispose() => _platform.Dispose();

    private IReadOnlyList<WireMock.Logging.ILogEntry> FarmRequests => _platform.Requests(FakeNationalPlatform.FarmsPath);

    private async Task<NationalAnswer> UploadAsync(ServiceProvider host) =>
        await host.GetRequiredService<INationalCloudApi>().UploadFarmsAsync("r1", FakeNationalPlatform.OneFarm());

    [Fact]
    public async Task Should_wait_for_retry_after_on_429_then_succeed()
    {
        _platform.Sequence(FakeNationalPlatform.FarmsPath,
            Response.Create().WithStatusCode(429).WithHeader("Retry-After", "1"),
            FakeNationalPlatform.Answer(NationalCodes.Success, accepted: 1));
        await using var host = _platform.Host();

        var answer = await UploadAsync(host);

        Assert.Equal(NationalCodes.Success, answer.Code);
        Assert.Equal(2, FarmRequests.Count);
        // Backoff alone would be ~10 ms here; only Retry-After explains a second's gap.
        var gap = FarmRequests[1].RequestMessage.DateTime - FarmRequests[0].RequestMessage.DateTime;
        Assert.True(gap >= TimeSpan.FromSeconds(1), $"retried after {gap.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task Should_retry_503_until_the_platform_answers()
    {
        _platform.Sequence(FakeNationalPlatform.FarmsPath,
            FakeNationalPlatform.Status(503), FakeNationalPlatform.Status(503),
            FakeNationalPlatform.Answer(NationalCodes.Success, accepted: 1));
        await using var host = _platform.Host();

        var answer = await UploadAsync(host);

        Assert.Equal(NationalCodes.Success, answer.Code);
        Assert.Equal(3, FarmRequests.Count);
        // The token was fetched once: retries reuse it.
        Assert.Single(_platform.Requests(FakeNationalPlatform.TokenPath));
    }

    [Fact]
    public async Task Should_retry_business_code_5000_and_hand_over_the_final_answer()
    {
        _platform.Sequence(FakeNationalPlatform.FarmsPath,
            FakeNationalPlatform.Answer(NationalCodes.Busy),
            FakeNationalPlatform.Answer(NationalCodes.Success, accepted: 1));
        await using var host = _platform.Host();

        var answer = await UploadAsync(host);

        Assert.Equal(NationalCodes.Success, answer.Code);
        Assert.Equal(1, answer.Data!.Accepted);
        Assert.Equal(2, FarmRequests.Count);
    }

    [Fact]
    public async Task Should_return_the_busy_answer_when_every_retry_is_busy()
    {
        _platform.Sequence(FakeNationalPlatform.FarmsPath, FakeNationalPlatform.Answer(NationalCodes.Busy));
        await using var host = _platform.Host(retryCount: 2);

        var answer = await UploadAsync(host);

        Assert.Equal(NationalCodes.Busy, answer.Code);
        Assert.True(PartnerFailure.IsTransient(answer));
        Assert.Equal(3, FarmRequests.Count);
    }

    [Fact]
    public async Task Should_not_retry_item_rejections_2001()
    {
        _platform.Sequence(FakeNationalPlatform.FarmsPath, FakeNationalPlatform.Answer(NationalCodes.ItemInvalid,
            rejected: [new { index = 0, code = "2001", message = "townCode does not belong to countyCode" }]));
        await using var host = _platform.Host();

        var answer = await UploadAsync(host);

        Assert.Equal(NationalCodes.ItemInvalid, answer.Code);
        var rejected = Assert.Single(answer.Data!.Rejected!);
        Assert.Equal(0, rejected.Index);
        Assert.False(PartnerFailure.IsTransient(answer));
        Assert.Single(FarmRequests);
    }

    [Fact]
    public async Task Should_not_retry_a_400_and_classify_it_as_final()
    {
        _platform.Sequence(FakeNationalPlatform.FarmsPath, FakeNationalPlatform.Status(400));
        await using var host = _platform.Host();

        var error = await Assert.ThrowsAsync<ApiException>(() => UploadAsync(host));

        Assert.False(PartnerFailure.IsTransient(error));
        Assert.Single(FarmRequests);
    }

    [Fact]
    public async Task Should_open_the_circuit_after_repeated_failures_and_stop_sending()
    {
        _platform.Sequence(FakeNationalPlatform.FarmsPath, FakeNationalPlatform.Status(503));
        await using var host = _platform.Host(retryCount: 0, tweak: s =>
        {
            s["Partners:NationalCloud:BreakerMinimumThroughput"] = "2";
            s["Partners:NationalCloud:BreakerFailureRatio"] = "0.5";
            s["Partners:NationalCloud:BreakerBreakSeconds"] = "30";
        });

        var first = await Assert.ThrowsAsync<ApiException>(() => UploadAsync(host));
        await Assert.ThrowsAsync<ApiException>(() => UploadAsync(host));
        var broken = await Assert.ThrowsAsync<ApiRequestException>(() => UploadAsync(host));
        Assert.IsType<BrokenCircuitException>(broken.InnerException);

        Assert.True(PartnerFailure.IsTransient(first));
        Assert.True(PartnerFailure.IsTransient(broken));
        Assert.Equal(2, FarmRequests.Count);
    }

    [Fact]
    public async Task Should_report_a_refused_connection_as_transient()
    {
        var settings = AdapterHost.FastSettings(NationalPlatformOptions.NationalCloudSection, "http://127.0.0.1:9", retryCount: 1);
        await using var host = AdapterHost.Build(s => s.AddNationalCloudAdapter(), settings);

        var error = await Assert.ThrowsAsync<ApiRequestException>(() => UploadAsync(host));
        Assert.IsType<HttpRequestException>(error.InnerException);

        Assert.True(PartnerFailure.IsTransient(error));
    }

    [Fact]
    public async Task Should_give_up_an_attempt_that_outlives_its_timeout_as_transient()
    {
        _platform.Server.Given(Request.Create().WithPath(FakeNationalPlatform.FarmsPath).UsingPost())
            .RespondWith(FakeNationalPlatform.Answer(NationalCodes.Success).WithDelay(3000));
        await using var host = _platform.Host(retryCount: 0, tweak: s => s["Partners:NationalCloud:TimeoutSeconds"] = "1");

        var error = await Assert.ThrowsAsync<ApiRequestException>(() => UploadAsync(host));

        Assert.IsType<Polly.Timeout.TimeoutRejectedException>(error.InnerException);
        Assert.True(PartnerFailure.IsTransient(error));
    }
}
