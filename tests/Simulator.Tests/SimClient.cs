using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace EarTagTrace.Simulator.Tests;

/// <summary>What the hub would send, written from docs/partners.md without any hub code.</summary>
public static class SimClient
{
    public static readonly HttpClient Http = new();

    public static async Task<(int Status, JsonObject Body)> SignedAsync(HttpMethod method, string url, string? body,
        string appKey, string secret, DateTimeOffset at, string? signWith = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        await PartnerSignature.SignAsync(request, appKey, signWith ?? secret, at.ToUnixTimeMilliseconds());
        return await SendAsync(request);
    }

    public static async Task<string> TokenAsync(string nationalUrl)
    {
        var (status, body) = await PostFormAsync(nationalUrl + "/oauth/token", "eartag-sandbox", "eartag-sandbox-secret");
        Assert.Equal(200, status);
        return body["access_token"]!.GetValue<string>();
    }

    public static async Task<(int Status, JsonObject Body)> PostFormAsync(string url, string clientId, string clientSecret)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = clientId,
                ["client_secret"] = clientSecret,
            }),
        };
        return await SendAsync(request);
    }

    public static async Task<(int Status, JsonObject Body, HttpResponseHeaders Headers)> UploadAsync(string url, string token, string requestId, JsonArray items)
    {
        var body = new JsonObject { ["provinceCode"] = "22", ["items"] = items };
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add("X-Request-Id", requestId);
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, (JsonObject)JsonNode.Parse(text)!, response.Headers);
    }

    public static async Task<(int Status, JsonObject Body)> SendAsync(HttpRequestMessage request)
    {
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, (JsonObject)JsonNode.Parse(text)!);
    }

    /// <summary>A national-cloud farm item as contracts/national-cloud/farm-item.schema.json defines it.</summary>
    public static JsonObject FarmItem(string farmId, string updateTime = "2026-03-15 09:30:00", string county = "220122") => new()
    {
        ["farmId"] = farmId,
        ["farmName"] = "合隆王氏生猪养殖场",
        ["farmType"] = "FARM",
        ["contact"] = "王建国",
        ["phone"] = "13843105678",
        ["countyCode"] = county,
        ["townCode"] = county + "100",
        ["villageCode"] = null,
        ["address"] = "吉林省长春市农安县合隆镇",
        ["longitude"] = 125.18,
        ["latitude"] = 44.43,
        ["species"] = new JsonArray(new JsonObject { ["speciesCode"] = "1", ["stockCount"] = 120 }),
        ["status"] = "ACTIVE",
        ["updateTime"] = updateTime,
    };
}
