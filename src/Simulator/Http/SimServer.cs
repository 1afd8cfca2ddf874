using System.Net;
using System.Net.Sockets;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace EarTagTrace.Simulator.Http;

/// <summary>
/// One WireMock server on 127.0.0.1 whose single catch-all mapping hands every request to a simulator's own
/// dispatcher: the partners' behaviour depends on state (tokens, cursors, faults) that static mappings cannot hold.
/// </summary>
public sealed class SimServer : IDisposable
{
    private readonly WireMockServer _server;

    public SimServer(int port, Func<SimRequest, Task<IResponseMessage>> handle)
    {
        var actualPort = port == 0 ? FreeLoopbackPort() : port;
        _server = WireMockServer.Start(new WireMockServerSettings
        {
            Urls = [$"http://127.0.0.1:{actualPort}"],
            // Load tests send 100,000s of items: WireMock must not keep every request and body in its log.
            MaxRequestLogCount = 0,
            DoNotSaveDynamicResponseInLogEntry = true,
            DisableJsonBodyParsing = true,
            DisableDeserializeFormUrlEncoded = true,
            AllowBodyForAllHttpMethods = true,
        });
        _server
            .Given(Request.Create().WithPath("/*").UsingAnyMethod())
            .RespondWith(Response.Create().WithCallback(async message =>
            {
                try
                {
                    return await handle(new SimRequest(message));
                }
                catch (Exception ex)
                {
                    // A simulator bug must show as a readable 500, not as a dropped connection.
                    return SimResponses.Json(500, new System.Text.Json.Nodes.JsonObject { ["code"] = 5999, ["msg"] = "simulator error: " + ex.Message });
                }
            }));
        Url = $"http://127.0.0.1:{actualPort}";
    }

    public string Url { get; }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose() => _server.Dispose();
}
