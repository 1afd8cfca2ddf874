using EarTagTrace.Adapters.NationalCloud;
using EarTagTrace.Mappings.NationalCloud;
using WireMock.Logging;
using EarTagTrace.Adapters.NationalPlatforms;

namespace EarTagTrace.Adapters.Tests;

/// <summary>A WireMock national cloud platform whose answers each test scripts; tokens come out as t1, t2, t3…</summary>
public sealed class FakeNationalPlatform : IDisposable
{
    public const string FarmsPath = "/api/v1/farms";
    public const string TokenPath = "/oauth/token";

    public WireMockServer Server { get; } = WireMockServer.Start();

    public FakeNationalPlatform(int tokenCount = 3)
    {
        Sequence(TokenPath, Enumerable.Range(1, tokenCount)
            .Select(i => Response.Create().WithStatusCode(200).WithBodyAsJson(new { access_token = $"t{i}", expires_in = 7200 }))
            .ToArray());
    }

    public void Dispose() => Server.Stop();

    public static IResponseBuilder Answer(string code, int accepted = 0, object[]? rejected = null) =>
        Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBodyAsJson(new
        {
            code,
            message = code == NationalCodes.Success ? "success" : "code " + code,
            data = new { accepted, duplicate = 0, rejected = rejected ?? [] },
        });

    public static IResponseBuilder Status(int status) => Response.Create().WithStatusCode(status);

    /// <summary>The n-th POST to <paramref name="path"/> gets the n-th response; the last one repeats.</summary>
    public void Sequence(string path, params IResponseBuilder[] responses)
    {
        if (responses.Length == 1)
        {
            Server.Given(Request.Create().WithPath(path).UsingPost()).RespondWith(responses[0]);
            return;
        }
        for (var i = 0; i < responses.Length; i++)
        {
            var mapping = Server.Given(Request.Create().WithPath(path).UsingPost()).InScenario(path);
            if (i > 0)
            {
                mapping = mapping.WhenStateIs($"step{i}");
            }
            if (i < responses.Length - 1)
            {
                mapping = mapping.WillSetStateTo($"step{i + 1}");
            }
            mapping.RespondWith(responses[i]);
        }
    }

    public IReadOnlyList<ILogEntry> Requests(string path) =>
        Server.LogEntries.Where(e => e.RequestMessage.AbsolutePath == path).OrderBy(e => e.RequestMessage.DateTime).ToList();

    public ServiceProvider Host(int retryCount = 3, Action<Dictionary<string, string?>>? tweak = null, TimeProvider? clock = null)
    {
        var settings = AdapterHost.FastSettings(NationalPlatformOptions.NationalCloudSection, Server.Url!, retryCount);
        tweak?.Invoke(settings);
        return AdapterHost.Build(s => s.AddNationalCloudAdapter(), settings, clock);
    }

    public static NationalBatch<NationalFarmItem> OneFarm() => new("22",
    [
        new NationalFarmItem
        {
            FarmId = "FR220122000123", FarmName = "双阳区示范养殖场", FarmType = "FARM", CountyCode = "220112",
            TownCode = "220112100", Status = "ACTIVE", UpdateTime = "2026-01-01 08:00:00",
        },
    ]);
}
