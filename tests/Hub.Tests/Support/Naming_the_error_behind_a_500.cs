using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace EarTagTrace.Hub.Tests.Support;

/// <summary>
/// The fixture's error log (<see cref="HubErrorLog"/>) finds what the hub logged for a request by the trace id a 500's
/// problem body carries, and nothing logged under another request; without the database.
/// </summary>
public sealed class Naming_the_error_behind_a_500
{
    [Fact]
    public void Should_find_an_error_by_the_problem_bodys_trace_id_and_only_its_own()
    {
        var log = new HubErrorLog();
        var logger = log.CreateLogger("EarTagTrace.Hub.Edge");
        string Logged(string message)
        {
            using var request = new Activity("request").SetIdFormat(ActivityIdFormat.W3C).Start();
            logger.LogError(new InvalidOperationException(message), "request failed");
            logger.LogWarning("a warning is not kept");
            return request.Id!; // 00-<trace id>-<span id>-01, as the problem body's traceId
        }

        var first = Logged("the first");
        var second = Logged("the second");

        var found = Assert.Single(log.For(first));
        Assert.Contains("the first", found);
        Assert.Contains("InvalidOperationException", found);
        Assert.Contains("the second", Assert.Single(log.For(second)));
        Assert.Single(log.For(first.Split('-')[1])); // a bare trace id too
        Assert.Empty(log.For("00-0123456789abcdef0123456789abcdef-0123456789abcdef-01"));
    }
}
