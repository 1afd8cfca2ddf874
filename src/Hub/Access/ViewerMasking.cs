using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;

namespace EarTagTrace.Hub.Access;

/// <summary>
/// For an account that is only a viewer, masks personal data in whatever an /api call answers: phone numbers keep
/// their first 3 and last 4 digits, personal names their first character. It works on the answer's JSON by field
/// name, partner (fzr, lxdh, cyr, gfsy) and canonical alike, including the raw bodies the journal shows, so a new
/// endpoint is masked without remembering to.
/// </summary>
public sealed class ViewerMasking(IOptions<JsonOptions> json) : IEndpointFilter
{
    private static readonly HashSet<string> Phones = new(StringComparer.OrdinalIgnoreCase)
    {
        "phone", "lxdh", "contactPhone", "supervisorPhone", "collectorPhone", "jgydh", "cjydh", "carrierPhone", "testerPhone",
    };

    private static readonly HashSet<string> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        "contactName", "contact", "fzr", "carrier", "cyr", "officialVet", "gfsy", "vet", "supervisor", "gridSupervisor",
        "collector", "collectorName", "tester", "lxr", "jgy", "cjy",
    };

    private static readonly HashSet<string> RawBodies = new(StringComparer.OrdinalIgnoreCase) { "rawBody", "raw", "body" };

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        var scope = context.HttpContext.RequestServices.GetRequiredService<StaffScope>();
        if (!scope.IsViewerOnly) return result;
        var (value, status) = result switch
        {
            IValueHttpResult { Value: not null } v => (v.Value, (result as IStatusCodeHttpResult)?.StatusCode ?? 200),
            IResult => (null, 0),
            not null => (result, 200),
            _ => (null, 0),
        };
        if (value is null or Microsoft.AspNetCore.Mvc.ProblemDetails) return result;
        var node = JsonSerializer.SerializeToNode(value, value.GetType(), json.Value.SerializerOptions);
        Mask(node);
        return Results.Json(node, json.Value.SerializerOptions, statusCode: status);
    }

    public static void Mask(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj.ToList())
                {
                    if (child is JsonValue v && v.TryGetValue<string>(out var text))
                    {
                        if (Phones.Contains(key)) obj[key] = MaskPhone(text);
                        else if (Names.Contains(key)) obj[key] = MaskName(text);
                        else if (RawBodies.Contains(key)) obj[key] = MaskRaw(text);
                    }
                    else Mask(child);
                }
                // An origin entity 经营主体 named after a person (农户, 家庭农场): its name is a personal name.
                if (obj["entity"] is JsonValue entity && entity.TryGetValue<string>(out var entityName)
                    && obj["entityType"] is JsonValue type && type.TryGetValue<string>(out var entityType) && PersonNamed(entityType))
                    obj["entity"] = MaskName(entityName);
                break;
            case JsonArray array:
                foreach (var child in array) Mask(child);
                break;
        }
    }

    /// <summary>+8613812345678 → +86138****5678; the country code is not part of what is kept or hidden.</summary>
    public static string MaskPhone(string phone)
    {
        var prefix = phone.StartsWith("+86", StringComparison.Ordinal) ? "+86" : "";
        var rest = phone[prefix.Length..];
        var digits = rest.Count(char.IsAsciiDigit);
        if (digits < 7) return prefix + new string('*', rest.Length);
        var seen = 0;
        return prefix + string.Concat(rest.Select(c => char.IsAsciiDigit(c) && ++seen > 3 && seen <= digits - 4 ? '*' : c));
    }

    /// <summary>
    /// Origin entity types named after a person, so a viewer sees their names masked: 农户 (Household) and 家庭农场
    /// (FamilyFarm), as stored (Household) or as answered (household, familyFarm). Enterprises and cooperatives keep
    /// their registered names.
    /// </summary>
    public static bool PersonNamed(string entityType) =>
        entityType.Equals("Household", StringComparison.OrdinalIgnoreCase) || entityType.Equals("FamilyFarm", StringComparison.OrdinalIgnoreCase);

    /// <summary><see cref="MaskName"/> in SQL, for answers PostgreSQL writes itself (vector tiles) over an origin_entity e.</summary>
    public const string MaskEntityNameSql =
        "case when e.type not in ('Household', 'FamilyFarm') then e.name when char_length(e.name) <= 1 then '*' " +
        "else left(e.name, 1) || repeat('*', least(char_length(e.name) - 1, 3)) end";

    public static string MaskName(string name) =>
        name.Length <= 1 ? "*" : string.Concat(name.AsSpan(0, char.IsSurrogatePair(name, 0) ? 2 : 1), new string('*', Math.Min(name.Length - 1, 3)));

    private static string MaskRaw(string raw)
    {
        if (raw.Length == 0 || (raw[0] != '{' && raw[0] != '[')) return raw;
        try
        {
            var node = JsonNode.Parse(raw);
            Mask(node);
            return node?.ToJsonString() ?? raw;
        }
        catch (JsonException)
        {
            return "(masked: not JSON)";
        }
    }
}
