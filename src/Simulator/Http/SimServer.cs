using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using WireMock;
using WireMock.Admin.Mappings;
using WireMock.Handlers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace EarTagTrace.Simulator.Http;

/// <summary>
/// One WireMock server on 127.0.0.1 whose built-in catch-all mapping hands every request to a simulator's own
/// dispatcher: the partners' behaviour depends on state (tokens, cursors, faults) that static mappings cannot hold.
/// WireMock's admin interface (/__admin/mappings, /__admin/requests, …) is on, so a tester's stub, which has a higher
/// priority than the catch-all, answers the requests it matches and the simulator answers the rest.
/// </summary>
public sealed class SimServer : IDisposable
{
    /// <summary>Priority of the built-in mapping. WireMock tries lower numbers first and a stub without one has 0.</summary>
    public const int BuiltInPriority = 1_000_000;

    /// <summary>The built-in mapping's fixed id, so a reset can put it back and a tester can recognise it.</summary>
    public static readonly Guid BuiltInMappingId = new("e7a9c0de-0000-4000-8000-000000000001");

    private readonly WireMockServer _server;
    private readonly Func<SimRequest, Task<IResponseMessage>> _handle;
    private readonly string _title;
    private readonly string? _mappingsFolder;

    /// <param name="name">The simulator's name: its stub files are read from <c>mappingsRoot/name</c>.</param>
    /// <param name="mappingsRoot">Folder of stub files (one sub-folder per simulator), or null for none.</param>
    /// <param name="requestLogCount">How many requests /__admin/requests keeps (0: none, for load runs).</param>
    public SimServer(int port, Func<SimRequest, Task<IResponseMessage>> handle, string? name = null,
        string? mappingsRoot = null, int requestLogCount = SimulatorOptions.DefaultRequestLogCount)
    {
        var actualPort = port == 0 ? FreeLoopbackPort() : port;
        _handle = handle;
        _title = $"built-in {name ?? "simulator"} behaviour";
        _mappingsFolder = mappingsRoot is not null && name is not null ? Path.GetFullPath(Path.Combine(mappingsRoot, name)) : null;
        var settings = new WireMockServerSettings
        {
            Urls = [$"http://127.0.0.1:{actualPort}"],
            StartAdminInterface = true,
            // Load tests send 100,000s of items: the log keeps only the latest requests, and never the simulator's
            // own (dynamic) answers, some of which list everything received.
            MaxRequestLogCount = Math.Max(0, requestLogCount),
            DoNotSaveDynamicResponseInLogEntry = true,
            DisableJsonBodyParsing = true,
            DisableDeserializeFormUrlEncoded = true,
            AllowBodyForAllHttpMethods = true,
            PreWireMockMiddlewareInit = app => ((IApplicationBuilder)app).Use(KeepBuiltInAsync),
        };
        if (_mappingsFolder is not null)
        {
            settings.FileSystemHandler = new StubFolder(_mappingsFolder);
            settings.ReadStaticMappings = true;
            // A tester edits a stub file and the next request sees it.
            settings.WatchStaticMappings = true;
            settings.WatchStaticMappingsInSubdirectories = true;
        }
        _server = WireMockServer.Start(settings);
        AddBuiltIn();
        Url = $"http://127.0.0.1:{actualPort}";
    }

    public string Url { get; }

    /// <summary>Where this simulator's stub files are read from (and /__admin/mappings/save writes), if anywhere.</summary>
    public string? MappingsFolder => _mappingsFolder;

    /// <summary>
    /// Removes every tester stub and logged request, reloads the stub files and keeps the built-in behaviour: what
    /// <c>POST /__admin/reset</c> does (WireMock's own resets are <c>/__admin/mappings/reset</c> and <c>/__admin/requests/reset</c>).
    /// </summary>
    public void ResetStubs()
    {
        _server.Reset();
        if (_mappingsFolder is not null)
            _server.ReadStaticMappings();
        AddBuiltIn();
    }

    private void AddBuiltIn()
    {
        _server
            .Given(Request.Create().WithPath("/*").UsingAnyMethod())
            .WithGuid(BuiltInMappingId)
            .WithTitle(_title)
            .AtPriority(BuiltInPriority)
            .RespondWith(Response.Create().WithCallback(async message =>
            {
                try
                {
                    return await _handle(new SimRequest(message));
                }
                catch (Exception ex)
                {
                    // A simulator bug must show as a readable 500, not as a dropped connection.
                    return SimResponses.Json(500, new System.Text.Json.Nodes.JsonObject { ["code"] = 5999, ["msg"] = "simulator error: " + ex.Message });
                }
            }));
    }

    // WireMock's DELETE /__admin/mappings and POST /__admin/mappings/reset remove every mapping, the built-in one too;
    // it is put back after any admin call that took it away, so the simulator never goes silent. WireMock.Net has no
    // POST /__admin/reset (WireMock for Java has), so it is answered here.
    private async Task KeepBuiltInAsync(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path.Value ?? "";
        if (!path.StartsWith("/__admin", StringComparison.Ordinal))
        {
            await next(context);
            return;
        }
        if (path == "/__admin/reset" && HttpMethods.IsPost(context.Request.Method))
        {
            ResetStubs();
            await AdminAnswerAsync(context, 200, new JObject { ["Status"] = "Mappings and requests reset, stub files reloaded, built-in behaviour kept" });
            return;
        }
        if (path == "/__admin/mappings" && HttpMethods.IsPost(context.Request.Method))
        {
            await AddStubsAsync(context, null);
            return;
        }
        if (path.StartsWith("/__admin/mappings/", StringComparison.Ordinal) && HttpMethods.IsPut(context.Request.Method)
            && Guid.TryParse(path["/__admin/mappings/".Length..], out var guid))
        {
            await AddStubsAsync(context, guid);
            return;
        }
        await next(context);
        if (!_server.Mappings.Any(m => m.Guid == BuiltInMappingId))
            AddBuiltIn();
    }

    // The simulators leave JSON bodies unparsed (WireMock would parse every 500-item upload a second time), and WireMock's
    // own POST /__admin/mappings and PUT /__admin/mappings/{guid} read the parsed body: they are answered here instead.
    private async Task AddStubsAsync(HttpContext context, Guid? guid)
    {
        using var reader = new StreamReader(context.Request.Body);
        var text = await reader.ReadToEndAsync(context.RequestAborted);
        MappingModel[] models;
        try
        {
            var token = JToken.Parse(text);
            models = token is JArray array ? array.ToObject<MappingModel[]>()! : [token.ToObject<MappingModel>()!];
            foreach (var model in models)
                model.Guid = guid ?? model.Guid ?? Guid.NewGuid();
            if (models.Any(m => m.Guid == BuiltInMappingId))
                throw new ArgumentException($"{BuiltInMappingId} is the built-in mapping's id");
            _server.WithMapping(models);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException or NotSupportedException)
        {
            await AdminAnswerAsync(context, 400, new JObject { ["Status"] = ex.Message });
            return;
        }
        await AdminAnswerAsync(context, guid is null ? 201 : 200, models.Length == 1
            ? new JObject { ["Guid"] = models[0].Guid, ["Status"] = guid is null ? "Mapping added" : "Mapping added or updated" }
            : new JObject { ["Status"] = "Mappings added" });
    }

    private static async Task AdminAnswerAsync(HttpContext context, int status, JObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToString(Newtonsoft.Json.Formatting.None));
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose() => _server.Dispose();

    /// <summary>WireMock's local file handler with the stub folder as the mapping folder (instead of root/__admin/mappings).</summary>
    private sealed class StubFolder : LocalFileSystemHandler
    {
        private readonly string _folder;

        public StubFolder(string folder) : base(folder) => _folder = folder;

        public override string GetMappingFolder() => _folder;
    }
}
