using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using WireMock;
using WireMock.Types;
using WireMock.Util;

namespace EarTagTrace.Simulator.Http;

/// <summary>Builds WireMock response messages from JSON written by the simulators themselves.</summary>
public static class SimResponses
{
    public static ResponseMessage Json(int status, JsonNode body, IReadOnlyDictionary<string, string>? headers = null)
        => Raw(status, body.ToJsonString(), headers);

    public static ResponseMessage Json(int status, Action<Utf8JsonWriter> write, IReadOnlyDictionary<string, string>? headers = null)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            write(writer);
        return Raw(status, Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length), headers);
    }

    private static ResponseMessage Raw(int status, string json, IReadOnlyDictionary<string, string>? headers)
    {
        var message = new ResponseMessage
        {
            StatusCode = status,
            BodyData = new BodyData
            {
                BodyAsString = json,
                DetectedBodyType = BodyType.String,
                Encoding = Encoding.UTF8,
            },
        };
        message.AddHeader("Content-Type", "application/json; charset=utf-8");
        if (headers is not null)
        {
            foreach (var (name, value) in headers)
                message.AddHeader(name, value);
        }
        return message;
    }

    /// <summary>The registry / 动监e通 envelope: numeric code, msg.</summary>
    public static ResponseMessage Partner(int status, int code, string msg)
        => Json(status, new JsonObject { ["code"] = code, ["msg"] = msg });

    /// <summary>The national platforms' envelope: string code, message.</summary>
    public static ResponseMessage National(int status, string code, string message, JsonNode? data = null, IReadOnlyDictionary<string, string>? headers = null)
    {
        var body = new JsonObject { ["code"] = code, ["message"] = message };
        if (data is not null)
            body["data"] = data;
        return Json(status, body, headers);
    }
}
