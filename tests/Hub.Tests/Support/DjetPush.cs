using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace EarTagTrace.Hub.Tests.Support;

/// <summary>Plays 动监e通 pushing to the hub, signing the way docs/partners.md says for 动监e通 (the test's own code).</summary>
public static class DjetPush
{
    public static async Task<(HttpResponseMessage Response, JsonObject Body)> SendAsync(HttpClient client, string path, JsonObject body)
    {
        var text = body.ToJsonString();
        const string appKey = "dj-sandbox", secret = "dj-sandbox-secret";
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString();
        var target = "/adapters/djet/" + path;
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        var sign = Convert.ToHexStringLower(hmac.ComputeHash(Encoding.UTF8.GetBytes(appKey + timestamp + "POST" + target + text)));
        using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new StringContent(text, Encoding.UTF8, "application/json") };
        request.Headers.Add("appKey", appKey);
        request.Headers.Add("timestamp", timestamp);
        request.Headers.Add("sign", sign);
        var response = await client.SendAsync(request);
        var answer = await response.Content.ReadFromJsonAsync<JsonObject>() ?? [];
        return (response, answer);
    }

    /// <summary>Pig tag of county 220122 (农安县) with the given serial.</summary>
    public static string Pig(long serial, string county = "220122") => "1" + county + serial.ToString("D8");

    public static JsonObject Stock(string registrar, params (string Box, string First, string Last)[] rows) => new()
    {
        ["djdw"] = registrar,
        ["rows"] = new JsonArray(rows.Select(r => (JsonNode)new JsonObject
        {
            ["xh"] = r.Box, ["bh"] = "P1", ["qshm"] = r.First, ["zzhm"] = r.Last,
            ["sl"] = long.Parse(r.Last) - long.Parse(r.First) + 1, ["djsj"] = "2026-05-01 09:00:00",
        }).ToArray()),
    };

    public static JsonObject Issue(string id, string kind, string from, string to, string receiverType, params (string First, string Last)[] ranges) => new()
    {
        ["ffid"] = id, ["fflx"] = kind, ["ffdw"] = from, ["jsdw"] = to, ["jslx"] = receiverType,
        ["hd"] = new JsonArray(ranges.Select(r => (JsonNode)new JsonObject { ["qshm"] = r.First, ["zzhm"] = r.Last }).ToArray()),
        ["ffsj"] = "2026-05-10 10:00:00",
    };

    public static JsonObject Cancel(string id, string reason, params string[] tags) => new()
    {
        ["zxid"] = id, ["ebh"] = new JsonArray(tags.Select(t => (JsonNode)JsonValue.Create(t)).ToArray()), ["yy"] = reason,
        ["zxsj"] = "2026-06-01 08:00:00",
    };

    public static IEnumerable<string> ReasonCodes(JsonObject answer) =>
        answer["reasons"]?.AsArray().Select(r => r!["code"]!.GetValue<string>()) ?? [];
}
