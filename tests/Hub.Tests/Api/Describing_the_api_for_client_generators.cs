using System.Text.Json.Nodes;

namespace EarTagTrace.Hub.Tests.Api;

/// <summary>/openapi/v1.json is what partners and testers generate clients from: every operation named, typed and secured.</summary>
[Collection(HubCollection.Name)]
public sealed class Describing_the_api_for_client_generators(HubFixture hub)
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    private async Task<JsonObject> DocumentAsync() => JsonNode.Parse(await hub.Client.GetStringAsync("/openapi/v1.json"))!.AsObject();

    private static IEnumerable<(string Path, string Method, JsonObject Operation)> Operations(JsonObject document)
        => document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject()
            .Where(m => Methods.Contains(m.Key))
            .Select(m => (p.Key, m.Key, m.Value!.AsObject())));

    [Fact]
    public async Task Should_give_every_operation_a_unique_id_a_typed_answer_and_problem_details()
    {
        var document = await DocumentAsync();
        var problems = new List<string>();
        var ids = new HashSet<string>();
        foreach (var (path, method, operation) in Operations(document))
        {
            var name = $"{method.ToUpperInvariant()} {path}";
            if ((string?)operation["operationId"] is not { Length: > 0 } id) problems.Add($"{name}: no operationId");
            else if (!ids.Add(id)) problems.Add($"{name}: operationId {id} used twice");
            var responses = operation["responses"]!.AsObject();
            if (!responses.Any(r => r.Key.StartsWith('2') && r.Value!["content"] is JsonObject { Count: > 0 }))
                problems.Add($"{name}: no typed 2xx answer");
            var partner = path.StartsWith("/adapters/", StringComparison.Ordinal);
            foreach (var (status, response) in responses.Where(r => r.Key.StartsWith('4')))
            {
                var content = response!["content"] as JsonObject;
                if (partner ? content?["application/json"] is null : content?["application/problem+json"] is null)
                    problems.Add($"{name}: {status} has no {(partner ? "partner envelope" : "ProblemDetails")}");
            }
            if (!partner && !responses.Any(r => r.Key.StartsWith('4') && ((string?)r.Value!["description"])!.Contains("Reason codes")))
                problems.Add($"{name}: no reason codes on its 4xx answers");
            var secured = operation["security"] is JsonArray { Count: > 0 };
            if (path != "/api/auth/login" && (path.StartsWith("/api/", StringComparison.Ordinal) || partner) && !secured)
                problems.Add($"{name}: no security requirement");
            if (partner && operation["requestBody"]?["content"]?["application/json"]?["schema"]?["$ref"] is null)
                problems.Add($"{name}: no request body from contracts/");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task Should_declare_the_staff_token_and_the_partner_signature()
    {
        var schemes = (await DocumentAsync())["components"]!["securitySchemes"]!.AsObject();
        Assert.Equal("bearer", (string?)schemes["staffBearer"]!["scheme"]);
        Assert.Equal(["appKey", "timestamp", "sign"], new[] { "partnerAppKey", "partnerTimestamp", "partnerSign" }
            .Select(s => (string?)schemes[s]!["name"]));
        Assert.All(new[] { "partnerAppKey", "partnerTimestamp", "partnerSign" }, s => Assert.Equal("header", (string?)schemes[s]!["in"]));
    }

    [Fact]
    public async Task Should_take_the_declarations_body_from_its_contract_and_name_every_model_for_what_it_is()
    {
        var document = await DocumentAsync();
        var schemas = document["components"]!["schemas"]!.AsObject();
        var body = document["paths"]!["/adapters/djet/declarations"]!["post"]!["requestBody"]!["content"]!["application/json"]!["schema"]!;
        Assert.Equal("#/components/schemas/DjetDeclaration", (string?)body["$ref"]);
        var declaration = schemas["DjetDeclaration"]!;
        Assert.Contains("sbdh", declaration["required"]!.AsArray().Select(n => (string?)n));
        // The contract's own definitions become components of their own, named for the partner (and the file, where
        // two of the partner's contracts define a name differently).
        var tag = ((string?)declaration["properties"]!["ebh"]!["items"]!["$ref"])!;
        Assert.StartsWith("#/components/schemas/Djet", tag);
        var tagSchema = schemas[tag["#/components/schemas/".Length..]];
        Assert.Equal("string", (string?)tagSchema?["type"]);

        string[] generic = ["Request", "CreateRequest", "UpdateRequest", "Page", "View", "Answer", "Result", "Details", "Entry", "Query"];
        var vague = schemas.Select(s => s.Key).Where(n => generic.Contains(n) || char.IsAsciiDigit(n[^1])).ToList();
        Assert.True(vague.Count == 0, "models named for nothing in particular: " + string.Join(", ", vague));
    }
}
