using System.Text.Json.Nodes;
using EarTagTrace.Simulator.Http;
using WireMock;

namespace EarTagTrace.Simulator.Alerts;

/// <summary>
/// A webhook receiver standing in for the operators' alerting endpoint (a chat bot, a pager gateway): it keeps every
/// JSON alert the hub posts so tests and testers can read what arrived. It knows nothing of the hub's types on purpose:
/// the alert's shape is a contract, and the receiver only stores what it was sent.
/// </summary>
public sealed class AlertReceiver
{
    private readonly Lock _lock = new();
    private readonly List<JsonNode> _alerts = [];

    public IReadOnlyList<JsonNode> Received()
    {
        lock (_lock)
            return _alerts.Select(a => a.DeepClone()).ToList();
    }

    public void Reset()
    {
        lock (_lock)
            _alerts.Clear();
    }

    public Task<IResponseMessage> HandleAsync(SimRequest request) => Task.FromResult<IResponseMessage>((request.Method, request.Path) switch
    {
        ("POST", "/__sim/alerts") => Receive(request.Body),
        ("GET", "/__sim/alerts") => SimResponses.Json(200, new JsonArray([.. Received()])),
        ("POST", "/__sim/reset") => ResetHook(),
        _ => SimResponses.Json(404, new JsonObject { ["msg"] = $"no route {request.Method} {request.Path}" }),
    });

    private IResponseMessage Receive(string body)
    {
        JsonNode? alert;
        try
        {
            alert = JsonNode.Parse(body);
        }
        catch (System.Text.Json.JsonException)
        {
            alert = null;
        }
        if (alert is not JsonObject)
            return SimResponses.Json(400, new JsonObject { ["msg"] = "an alert is one JSON object" });
        lock (_lock)
            _alerts.Add(alert);
        return SimResponses.Json(202, new JsonObject { ["received"] = true });
    }

    private IResponseMessage ResetHook()
    {
        Reset();
        return SimResponses.Json(200, new JsonObject { ["reset"] = true });
    }
}
