using System.Text.Json.Nodes;
using EarTagTrace.Mappings.Validation;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace EarTagTrace.Hub.ApiDescription;

/// <summary>
/// The whole document: the two security schemes (the staff bearer token and the partner signature's three headers),
/// the partner endpoints' request bodies taken from the JSON Schemas in contracts/, and operationIds made unique.
/// </summary>
public sealed class DocumentConventions : IOpenApiDocumentTransformer
{
    /// <summary>Partner adapter routes whose contract is not named after the route (others: the route, or its singular).</summary>
    private static readonly Dictionary<string, string> ContractOf = new(StringComparer.Ordinal)
    {
        ["farm-registry/farms"] = "farm-registry/push-body",
    };

    private static readonly Dictionary<string, string> PartnerPrefix = new(StringComparer.Ordinal)
    {
        ["farm-registry"] = "Registry",
        ["djet"] = "Djet",
        ["national-cloud"] = "NationalCloud",
        ["national-agri"] = "NationalAgri",
    };

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        // The server the document was fetched from, without the trailing slash client generators would double.
        foreach (var server in document.Servers ?? [])
            if (server.Url is { Length: > 1 } url && url.EndsWith('/')) server.Url = url.TrimEnd('/');
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[ApiConventions.StaffBearer] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "Staff token from POST /api/auth/login (accessToken), sent as Authorization: Bearer <token>.",
        };
        foreach (var (name, header, text) in new[]
        {
            (ApiConventions.PartnerAppKey, "appKey", "The partner's appKey."),
            (ApiConventions.PartnerTimestamp, "timestamp", "Unix time in milliseconds; requests older than 5 minutes are refused."),
            (ApiConventions.PartnerSign, "sign", "Lowercase hex HMAC-SHA256(secret, appKey + timestamp + METHOD + path-and-query + body) over the bytes sent."),
        })
        {
            document.Components.SecuritySchemes[name] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = header, Description = text,
            };
        }

        foreach (var (path, item) in document.Paths)
        {
            if (!path.StartsWith("/adapters/", StringComparison.Ordinal) || item.Operations is null) continue;
            var route = path["/adapters/".Length..];
            var partner = route.Split('/')[0];
            if (FindContract(route) is not { } contract) continue;
            var name = AddContract(document, partner, contract);
            foreach (var operation in item.Operations.Values)
            {
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Description = $"The partner message as contracts/{contract}.schema.json defines it, signed byte for byte.",
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["application/json"] = new() { Schema = new OpenApiSchemaReference(name, document) },
                    },
                };
            }
        }

        // Two handlers of one class and method name (or two lambdas on one path) would clash: the later ones get the verb.
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (_, item) in document.Paths)
        {
            foreach (var (method, operation) in item.Operations ?? [])
            {
                var id = operation.OperationId ?? "";
                for (var n = 2; !taken.Add(id); n++)
                    id = (operation.OperationId ?? "") + (n == 2 ? method.ToString() : n.ToString(System.Globalization.CultureInfo.InvariantCulture));
                operation.OperationId = id;
            }
        }
        return Task.CompletedTask;
    }

    private static string? FindContract(string route)
    {
        if (ContractOf.TryGetValue(route, out var mapped)) return mapped;
        var candidates = new[] { route, route.EndsWith('s') ? route[..^1] : route };
        foreach (var candidate in candidates)
        {
            try
            {
                ContractValidator.GetSchemaText(candidate);
                return candidate;
            }
            catch (ArgumentException)
            {
            }
        }
        return null;
    }

    /// <summary>Adds the contract and its definitions as components (DjetDeclaration, DjetTag, …) and answers the contract's name.</summary>
    private static string AddContract(OpenApiDocument document, string partner, string contract)
    {
        var prefix = PartnerPrefix.GetValueOrDefault(partner) ?? Pascal(partner);
        var file = contract[(contract.IndexOf('/') + 1)..];
        var root = JsonNode.Parse(ContractValidator.GetSchemaText(contract))!.AsObject();
        root.Remove("$schema");
        root.Remove("$id");
        var definitions = root["definitions"] as JsonObject;
        root.Remove("definitions");

        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, _) in definitions ?? [])
        {
            var candidate = prefix + Pascal(key);
            // Another contract of the partner may define the same name differently: then the file names it.
            if (Existing(document, candidate) is { } other && other != definitions![key]!.ToJsonString())
                candidate = prefix + Pascal(file) + Pascal(key);
            names[key] = candidate;
        }
        foreach (var (key, value) in definitions ?? [])
            Register(document, names[key], Rewrite(value!.DeepClone(), names));
        var name = prefix + Pascal(file);
        Register(document, name, Rewrite(root, names));
        return name;
    }

    private static readonly Dictionary<string, string> Sources = new(StringComparer.Ordinal);

    private static string? Existing(OpenApiDocument document, string name)
        => document.Components?.Schemas?.ContainsKey(name) == true ? Sources.GetValueOrDefault(name, "") : null;

    private static void Register(OpenApiDocument document, string name, JsonNode schema)
    {
        var text = schema.ToJsonString();
        lock (Sources) Sources[name] = text;
        var parsed = OpenApiModelFactory.Parse<OpenApiSchema>(text, OpenApiSpecVersion.OpenApi3_1, document, out _, "json");
        if (parsed is not null) document.AddComponent(name, parsed);
    }

    private static JsonNode Rewrite(JsonNode node, IReadOnlyDictionary<string, string> names)
    {
        switch (node)
        {
            case JsonObject o:
                if (o["$ref"] is JsonValue r && r.TryGetValue<string>(out var target) && target.StartsWith("#/definitions/", StringComparison.Ordinal))
                    o["$ref"] = "#/components/schemas/" + names[target["#/definitions/".Length..]];
                foreach (var key in o.Select(p => p.Key).ToList())
                    if (o[key] is { } child) Rewrite(child, names);
                break;
            case JsonArray a:
                foreach (var child in a)
                    if (child is not null) Rewrite(child, names);
                break;
        }
        return node;
    }

    private static string Pascal(string text) => string.Concat(text.Split('-', '_', '.', '/')
        .Where(w => w.Length > 0).Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
}
