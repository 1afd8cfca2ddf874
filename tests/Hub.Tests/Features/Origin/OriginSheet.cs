using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace EarTagTrace.Hub.Tests.Features.Origin;

/// <summary>Builds 采集表 rows as a collector fills them (the Chinese words), and talks to the origin API as a staff account.</summary>
public static class OriginSheet
{
    public static readonly string[] SheetHeader =
    [
        "主体名称", "主体类型", "联系人", "联系电话", "产品名称", "种养规模", "规模单位", "基地地址", "行政区划代码", "经度", "纬度",
        "预计上市时间", "预计下市时间", "生产方式", "追溯方式", "信用等级", "网格化监管员", "监管员电话", "信息采集员", "采集员电话", "采集时间", "地块编号",
    ];

    public const string Fengcheng = "350524100";
    public const string Penglai = "350524101";
    public const string Anxi = "350524";

    static OriginSheet() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>A complete, valid row; override cells by header.</summary>
    public static Dictionary<string, string> Row(string entity = "凤城镇绿源蔬菜专业合作社", string product = "豇豆", string scale = "12.5",
        string region = Fengcheng + "201", string? address = "凤城镇新康村后洋基地3号地块", string? longitude = "118.186523", string? latitude = "25.055412",
        string? marketStart = "2023-04-20", string? marketEnd = "2023-07-15", string type = "农民专业合作社", string collectedAt = "2023-02-10 10:30:00",
        string collector = "王丽") => new()
    {
        ["主体名称"] = entity, ["主体类型"] = type, ["联系人"] = "陈志明", ["联系电话"] = "13905951234", ["产品名称"] = product,
        ["种养规模"] = scale, ["规模单位"] = "", ["基地地址"] = address ?? "", ["行政区划代码"] = region, ["经度"] = longitude ?? "",
        ["纬度"] = latitude ?? "", ["预计上市时间"] = marketStart ?? "", ["预计下市时间"] = marketEnd ?? "", ["生产方式"] = "露地",
        ["追溯方式"] = "承诺达标合格证、电子追溯码", ["信用等级"] = "A", ["网格化监管员"] = "林美华", ["监管员电话"] = "13805958765",
        ["信息采集员"] = collector, ["采集员电话"] = "0595-68792206", ["采集时间"] = collectedAt, ["地块编号"] = "",
    };

    public static string Csv(IEnumerable<Dictionary<string, string>> rows, string[]? header = null)
    {
        header ??= SheetHeader;
        var csv = new StringBuilder(string.Join(",", header)).Append('\n');
        foreach (var row in rows)
            csv.Append(string.Join(",", header.Select(h => Quote(row.GetValueOrDefault(h, ""))))).Append('\n');
        return csv.ToString();
    }

    private static string Quote(string value) => value.IndexOfAny([',', '"', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;

    public static async Task<(HttpStatusCode Status, JsonObject Body)> ImportAsync(HttpClient client, string csv, Encoding? encoding = null)
    {
        var content = new ByteArrayContent((encoding ?? Encoding.UTF8).GetBytes(csv));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return await Answer(await client.PostAsync("/api/origin/import", content));
    }

    public static async Task<(HttpStatusCode Status, JsonObject Body)> ImportAsync(HttpClient client, byte[] xlsx)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(xlsx);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        form.Add(file, "file", "采集表.xlsx");
        return await Answer(await client.PostAsync("/api/origin/import", form));
    }

    public static async Task<(HttpStatusCode Status, JsonObject Body)> Answer(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? [] : JsonNode.Parse(text) as JsonObject ?? new JsonObject { ["value"] = JsonNode.Parse(text) });
    }

    public static async Task<JsonArray> RecordsAsync(HttpClient client, string query = "")
    {
        var page = await client.GetFromJsonAsync<JsonObject>("/api/origin/records?limit=500" + query);
        return page!["items"]!.AsArray();
    }
}

/// <summary>Signs in as a sandbox account and hands out a client carrying its token, one per account per test.</summary>
public sealed class StaffLogin(HubFixture hub)
{
    private readonly Dictionary<string, HttpClient> _clients = [];

    public async Task ResetAsync()
    {
        await hub.ResetAsync();
        foreach (var c in _clients.Values) c.Dispose();
        _clients.Clear();
    }

    public async Task<HttpClient> As(string user) =>
        _clients.TryGetValue(user, out var known) ? known : _clients[user] = await hub.LoginAsync(user);
}
