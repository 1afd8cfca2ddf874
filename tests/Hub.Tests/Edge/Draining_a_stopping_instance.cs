using System.Text.Json.Nodes;
using EarTagTrace.Hub.Health;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EarTagTrace.Hub.Tests.Edge;

/// <summary>
/// The drain's decisions without a database or a server: what a call gets while the instance stops, what readiness
/// says, and that the stop waits for the requests in flight. The whole of it under load, with real processes, is
/// Faults/Rolling_restart_under_load.
/// </summary>
public sealed class Draining_a_stopping_instance
{
    private readonly HubDrain _drain = new();
    private readonly IOptions<DrainOptions> _options = Options.Create(new DrainOptions { RetryAfterSeconds = 7, MinimumSeconds = 0, TimeoutSeconds = 600 });

    private static DefaultHttpContext Call(string path)
    {
        var http = new DefaultHttpContext();
        http.Request.Path = path;
        http.Response.Body = new MemoryStream();
        return http;
    }

    [Fact]
    public async Task Should_pass_calls_through_and_count_them_in_flight_while_serving()
    {
        var seen = -1;
        var middleware = new DrainMiddleware(_ => { seen = _drain.InFlight; return Task.CompletedTask; }, _drain, _options);
        var http = Call("/adapters/djet/declarations");
        await middleware.InvokeAsync(http);
        Assert.Equal(1, seen);
        Assert.Equal(0, _drain.InFlight);
        Assert.Equal(200, http.Response.StatusCode);
    }

    [Theory]
    [InlineData("/adapters/farm-registry/farms")]
    [InlineData("/api/farms")]
    [InlineData("/console/")]
    public async Task Should_answer_503_HUB_DRAINING_with_retry_after_and_touch_nothing_while_draining(string path)
    {
        var reached = false;
        var middleware = new DrainMiddleware(_ => { reached = true; return Task.CompletedTask; }, _drain, _options);
        _drain.Begin();
        var http = Call(path);
        await middleware.InvokeAsync(http);
        Assert.False(reached);
        Assert.Equal(503, http.Response.StatusCode);
        Assert.Equal("7", http.Response.Headers.RetryAfter.ToString());
        var problem = JsonNode.Parse(((MemoryStream)http.Response.Body).ToArray())!;
        Assert.Equal(DrainMiddleware.Code, (string?)problem["title"]);
        Assert.Equal(1, _drain.Refused);
        Assert.Equal(0, _drain.InFlight);
    }

    [Theory]
    [InlineData("/health/ready")]
    [InlineData("/metrics")]
    public async Task Should_still_answer_health_and_metrics_while_draining(string path)
    {
        var reached = false;
        var middleware = new DrainMiddleware(_ => { reached = true; return Task.CompletedTask; }, _drain, _options);
        _drain.Begin();
        await middleware.InvokeAsync(Call(path));
        Assert.True(reached);
    }

    [Fact]
    public async Task Should_report_not_ready_once_draining()
    {
        var check = new DrainHealthCheck(_drain);
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);
        _drain.Begin();
        Assert.Equal(HealthStatus.Unhealthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);
    }

    [Fact]
    public async Task Should_stop_only_once_the_request_in_flight_finished_and_refuse_new_ones_meanwhile()
    {
        var release = new TaskCompletionSource();
        var started = new TaskCompletionSource();
        var middleware = new DrainMiddleware(async _ => { started.SetResult(); await release.Task; }, _drain, _options);
        var inFlight = middleware.InvokeAsync(Call("/adapters/djet/declarations"));
        await started.Task;

        var stopping = new DrainService(_drain, _options, NullLogger<DrainService>.Instance).StoppingAsync(CancellationToken.None);
        Assert.True(_drain.Draining);
        var late = Call("/adapters/djet/declarations");
        await middleware.InvokeAsync(late);
        Assert.Equal(503, late.Response.StatusCode);
        Assert.False(stopping.IsCompleted, "the drain ended while a request was still in flight");

        release.SetResult();
        await inFlight;
        await stopping;
        Assert.Equal(0, _drain.InFlight);
    }
}
