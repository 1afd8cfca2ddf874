using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace EarTagTrace.Simulator.Djet;

/// <summary>
/// 动监e通 sending the hub a farm correction a vet made on site (现场纠正, POST /adapters/djet/farm-corrections), signed
/// with 动监e通's appKey: what a tester uses to drive 信息共享 (the `send-farm-correction` command does the same).
/// </summary>
public static class FarmCorrectionPush
{
    public const string Path = "/adapters/djet/farm-corrections";

    /// <summary>A correction body; only the fields given are corrected. <paramref name="correctedAt"/> is CST text.</summary>
    public static JsonObject Body(string id, string farmCode, string correctedAt, string vet, string? contact = null, string? phone = null,
        string? address = null, (string Longitude, string Latitude)? point = null, IReadOnlyList<(string Species, int Stock)>? stock = null)
    {
        var body = new JsonObject { ["jzid"] = id, ["yzcbm"] = farmCode, ["jzsj"] = correctedAt, ["gfsy"] = vet };
        if (contact is not null) body["fzr"] = contact;
        if (phone is not null) body["lxdh"] = phone;
        if (address is not null) body["dz"] = address;
        if (point is { } p) (body["jd"], body["wd"]) = (p.Longitude, p.Latitude);
        if (stock is not null)
            body["yzzl"] = new JsonArray([.. stock.Select(s => (JsonNode)new JsonObject { ["xmdm"] = s.Species, ["clsl"] = s.Stock })]);
        return body;
    }

    /// <summary>Signs and sends <paramref name="body"/> to the hub at <paramref name="hub"/>; answers the status and the hub's answer text.</summary>
    public static async Task<(int Status, string Answer)> SendAsync(HttpClient http, Uri hub, JsonObject body, string appKey, string secret,
        DateTimeOffset now, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(hub, Path))
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        await PartnerSignature.SignAsync(request, appKey, secret, now.ToUnixTimeMilliseconds(), ct);
        using var response = await http.SendAsync(request, ct);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(ct));
    }

    /// <summary>Now as 动监e通 writes times: yyyy-MM-dd HH:mm:ss China Standard Time.</summary>
    public static string Cst(DateTimeOffset instant) =>
        instant.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
