using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace EarTagTrace.Hub.Tests.Support;

/// <summary>Plays the farm registry pushing to the hub, signing the way docs/partners.md says for the farm registry (test's own code).</summary>
public static class RegistryPush
{
    public const string Path = "/adapters/farm-registry/farms";

    public static async Task<(HttpResponseMessage Response, JsonObject Body)> PushAsync(
        HttpClient client, IEnumerable<JsonObject> rows, string appKey = "fr-sandbox", string secret = "fr-sandbox-secret",
        DateTimeOffset? at = null)
    {
        var body = new JsonObject { ["rows"] = new JsonArray(rows.Select(r => (JsonNode)r.DeepClone()).ToArray()) }.ToJsonString();
        return await SendAsync(client, body, appKey, secret, at);
    }

    public static async Task<(HttpResponseMessage Response, JsonObject Body)> SendAsync(
        HttpClient client, string body, string appKey = "fr-sandbox", string secret = "fr-sandbox-secret", DateTimeOffset? at = null)
    {
        var timestamp = (at ?? DateTimeOffset.UtcNow).ToUnixTimeMilliseconds().ToString();
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        var sign = Convert.ToHexStringLower(hmac.ComputeHash(Encoding.UTF8.GetBytes(appKey + timestamp + "POST" + Path + body)));
        using var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("appKey", appKey);
        request.Headers.Add("timestamp", timestamp);
        request.Headers.Add("sign", sign);
        var response = await client.SendAsync(request);
        var answer = await response.Content.ReadFromJsonAsync<JsonObject>() ?? [];
        return (response, answer);
    }

    /// <summary>A complete, valid registry record in the registry's own format.</summary>
    public static JsonObject Farm(string code, string gxsj = "2026-06-01 10:00:00", int pigs = 120, string phone = "138 1234 5678") => new()
    {
        ["yzcbm"] = code,
        ["yzcmc"] = "农安镇张氏生猪养殖场",
        ["ztlx"] = "1",
        ["fzr"] = "张伟",
        ["lxdh"] = phone,
        ["xzqhdm"] = "220122100",
        ["dz"] = "吉林省长春市农安县农安镇新农村3组",
        ["jd"] = "125.184",
        ["wd"] = "44.432",
        ["yzzl"] = new JsonArray(new JsonObject { ["xmdm"] = "1", ["clsl"] = pigs }),
        ["zt"] = "1",
        ["gxsj"] = gxsj,
    };
}
