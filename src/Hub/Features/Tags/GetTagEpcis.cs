using System.Globalization;
using System.Text.Json.Nodes;
using EarTagTrace.Hub.Access;
using EarTagTrace.Hub.Persistence;
using Npgsql;

namespace EarTagTrace.Hub.Features.Tags;

/// <summary>
/// GET /api/tags/{ebh}/epcis: the tag's chain as a GS1 EPCIS 2.0 JSON-LD document, for partners abroad and auditors.
/// Every step is an ObjectEvent on the one tag: commissioning at stock registration; shipping and receiving at each
/// issuance; inspecting (an observation) at the declaration and at the certificate; decommissioning at cancellation.
/// Places are GB/T 2260 region codes, farms and workers by their codes, all as URNs of this hub, since a Chinese ear
/// tag has no GS1 key.
/// </summary>
public static class GetTagEpcis
{
    public const string Context = "https://ref.gs1.org/standards/epcis/epcis-context.jsonld";
    // China Standard Time, the zone every step happened in.
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    public static async Task<IResult> HandleAsync(string ebh, RegionDirectory regions, NpgsqlDataSource data, StaffScope scope,
        TimeProvider time, CancellationToken ct)
    {
        var (trace, refusal) = await TraceTag.TraceAsync(ebh, regions, data, scope, ct);
        if (trace is null) return refusal!;
        var document = new JsonObject
        {
            ["@context"] = new JsonArray(Context),
            ["type"] = "EPCISDocument",
            ["schemaVersion"] = "2.0",
            ["creationDate"] = Stamp(time.GetUtcNow()),
            ["epcisBody"] = new JsonObject { ["eventList"] = new JsonArray(Events(trace).ToArray<JsonNode?>()) },
        };
        return Results.Text(document.ToJsonString(), "application/ld+json; charset=utf-8");
    }

    internal static IEnumerable<JsonObject> Events(TraceTag.TraceAnswer trace)
    {
        var epc = "urn:eartagtrace:tag:" + trace.Tag;
        foreach (var step in trace.Steps)
        {
            var id = $"urn:eartagtrace:event:{trace.Tag}:{step.Step}:{step.Id ?? step.At.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}";
            switch (step.Step)
            {
                case "registered":
                    yield return Event(id, step, epc, "ADD", "commissioning", "active", step.To);
                    break;
                case "firstIssuance" or "secondIssuance":
                    // One issuance is two observations: the issuer ships, the receiver receives.
                    var shipping = Event(id + ":shipping", step, epc, "OBSERVE", "shipping", "in_transit", step.From);
                    shipping["destinationList"] = new JsonArray(new JsonObject { ["type"] = "location", ["destination"] = Place(step.To) });
                    shipping["bizTransactionList"] = Transaction("urn:eartagtrace:issuance:", step.Id);
                    yield return shipping;
                    var receiving = Event(id + ":receiving", step, epc, "OBSERVE", "receiving", "active", step.To);
                    receiving["sourceList"] = new JsonArray(new JsonObject { ["type"] = "location", ["source"] = Place(step.From) });
                    receiving["bizTransactionList"] = Transaction("urn:eartagtrace:issuance:", step.Id);
                    yield return receiving;
                    break;
                case "declared":
                    var declared = Event(id, step, epc, "OBSERVE", "inspecting", "active", step.From);
                    declared["bizTransactionList"] = Transaction("urn:eartagtrace:declaration:", step.Id);
                    yield return declared;
                    break;
                case "certified":
                    var certified = Event(id, step, epc, "OBSERVE", "inspecting", "conformant", step.From);
                    certified["bizTransactionList"] = new JsonArray(new JsonObject
                    {
                        ["type"] = "cert", ["bizTransaction"] = "urn:eartagtrace:certificate:" + Escape(step.Id),
                    });
                    if (step.To is not null)
                        certified["destinationList"] = new JsonArray(new JsonObject { ["type"] = "location", ["destination"] = Place(step.To) });
                    yield return certified;
                    break;
                case "cancelled":
                    yield return Event(id, step, epc, "DELETE", "decommissioning", "inactive", step.From);
                    break;
            }
        }
    }

    private static JsonObject Event(string id, TraceTag.TraceStep step, string epc, string action, string bizStep, string disposition, string? where)
    {
        var e = new JsonObject
        {
            ["type"] = "ObjectEvent",
            ["eventID"] = Escape(id),
            ["eventTime"] = Stamp(step.At),
            ["eventTimeZoneOffset"] = "+08:00",
            ["epcList"] = new JsonArray(epc),
            ["action"] = action,
            ["bizStep"] = bizStep,
            ["disposition"] = disposition,
        };
        if (where is not null)
        {
            e["readPoint"] = new JsonObject { ["id"] = Place(where) };
            e["bizLocation"] = new JsonObject { ["id"] = Place(where) };
        }
        return e;
    }

    private static JsonArray Transaction(string prefix, string? id) =>
        new(new JsonObject { ["type"] = "urn:eartagtrace:btt:" + prefix.Split(':')[1], ["bizTransaction"] = prefix + Escape(id) });

    /// <summary>A region code (6, 9 or 12 digits) is a place of GB/T 2260; anything else a farm or worker code.</summary>
    internal static string Place(string? code)
    {
        if (string.IsNullOrEmpty(code)) return "urn:eartagtrace:place:unknown";
        var region = code.Length is 6 or 9 or 12 && code.All(char.IsAsciiDigit);
        return (region ? "urn:eartagtrace:region:" : "urn:eartagtrace:holder:") + Escape(code);
    }

    private static string Escape(string? s) => Uri.EscapeDataString(s ?? "none");

    private static string Stamp(DateTimeOffset at) =>
        at.ToOffset(China).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);
}
