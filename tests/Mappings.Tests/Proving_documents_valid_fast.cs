using System.Text.Json.Nodes;
using EarTagTrace.Mappings.Validation;

namespace EarTagTrace.Mappings.Tests;

/// <summary>
/// The fast validity proof may send a document the slow way for no reason, but it may never pass one the full
/// validator refuses. Each contract's example is broken in every way below, node by node, and every variant the proof
/// passes is checked against the full validator.
/// </summary>
public class Proving_documents_valid_fast
{
    public static TheoryData<string> AllContracts => new(Contracts.All);

    [Theory]
    [MemberData(nameof(AllContracts))]
    public void Should_prove_the_example_of_every_contract_valid_without_the_full_validator(string contract)
    {
        var example = TestFiles.Read("contracts", contract + ".example.json");

        Assert.True(ContractValidator.Proves(contract, example), $"no fast proof for the example of {contract}");
        Assert.Empty(ContractValidator.ValidateFully(contract, example));
    }

    [Theory]
    [MemberData(nameof(AllContracts))]
    public void Should_never_prove_valid_a_variant_the_full_validator_refuses(string contract)
    {
        var example = TestFiles.Read("contracts", contract + ".example.json");
        var proved = 0;
        var refusedByBoth = 0;
        var wronglyProved = new List<string>();
        foreach (var variant in Variants(example))
        {
            if (!ContractValidator.Proves(contract, variant))
            {
                refusedByBoth++;
                continue;
            }
            proved++;
            var violations = ContractValidator.ValidateFully(contract, variant);
            if (violations.Count > 0) wronglyProved.Add($"{variant}\n  → {string.Join("; ", violations.Select(v => v.Path + " " + v.Code))}");
        }

        Assert.True(wronglyProved.Count == 0, $"{wronglyProved.Count} variant(s) proved valid but refused:\n{string.Join("\n", wronglyProved.Take(5))}");
        // The variants do reach both answers: some still valid (an optional field removed), most refused.
        Assert.True(proved > 0, "no variant was proved valid: the test broke every one");
        Assert.True(refusedByBoth > 0, "no variant was refused: the test broke nothing");
    }

    [Theory]
    [InlineData("{\"sbdh\":\"D1\",\"sbdh\":\"D2\"}")]
    [InlineData("{\"sbdh\":\"D1\"} trailing")]
    [InlineData("/* comment */ {\"sbdh\":\"D1\"}")]
    [InlineData("{\"sbdh\":\"\\ud800\"}")]
    [InlineData("not json")]
    [InlineData("")]
    public void Should_give_no_proof_for_text_the_readers_may_read_differently(string text)
    {
        Assert.False(ContractValidator.Proves(Contracts.DjetDeclaration, text));
    }

    private static readonly Func<JsonNode?>[] Replacements =
    [
        () => null,
        () => JsonValue.Create(""),
        () => JsonValue.Create(" "),
        () => JsonValue.Create(new string('x', 300)),
        () => JsonValue.Create("x"),
        () => JsonValue.Create("1"),
        () => JsonValue.Create("2026-13-45 25:61:61"),
        () => JsonValue.Create(0),
        () => JsonValue.Create(-1),
        () => JsonValue.Create(1.5m),
        () => JsonValue.Create(long.MaxValue),
        () => JsonValue.Create(true),
        () => new JsonObject(),
        () => new JsonArray(),
        () => JsonNode.Parse("99999999999999999999999"),
        () => JsonNode.Parse("1e400"),
        () => JsonNode.Parse("2.0"),
        () => JsonNode.Parse("1e2"),
    ];

    /// <summary>Each node of the example replaced by each of <see cref="Replacements"/>, removed, or given company.</summary>
    private static IEnumerable<string> Variants(string example)
    {
        var root = JsonNode.Parse(example)!;
        var paths = new List<(JsonNode Parent, object Key)>();
        Walk(root, paths);
        foreach (var (parent, key) in paths)
        {
            foreach (var make in Replacements)
                yield return With(example, parent, key, (p, k) => Set(p, k, make()));
            yield return With(example, parent, key, (p, k) =>
            {
                if (p is JsonObject o) o.Remove((string)k);
                else ((JsonArray)p).RemoveAt((int)k);
            });
            // The same item twice, and many of it (uniqueItems, maxItems).
            yield return With(example, parent, key, (p, k) =>
            {
                if (p is JsonArray a) a.Add(a[(int)k]?.DeepClone());
            });
            yield return With(example, parent, key, (p, k) =>
            {
                if (p is JsonArray a) for (var i = 0; i < 1_001; i++) a.Add(a[(int)k]?.DeepClone());
            });
        }
        foreach (var (parent, _) in paths.Where(p => p.Parent is JsonObject).DistinctBy(p => p.Parent))
            yield return With(example, parent, "", (p, _) => ((JsonObject)p)["zz_unknown"] = 1);
    }

    private static void Walk(JsonNode node, List<(JsonNode, object)> into)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, child) in o)
                {
                    into.Add((o, name));
                    if (child is not null) Walk(child, into);
                }
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    into.Add((a, i));
                    if (a[i] is { } child) Walk(child, into);
                }
                break;
        }
    }

    private static void Set(JsonNode parent, object key, JsonNode? value)
    {
        if (parent is JsonObject o) o[(string)key] = value;
        else ((JsonArray)parent)[(int)key] = value;
    }

    /// <summary>The example with one change, made on a fresh copy (found again by the parent's path).</summary>
    private static string With(string example, JsonNode parent, object key, Action<JsonNode, object> change)
    {
        var copy = JsonNode.Parse(example)!;
        var path = parent.GetPath();
        var target = path == "$" ? copy : Find(copy, path);
        change(target, key);
        return copy.ToJsonString();
    }

    private static JsonNode Find(JsonNode root, string path)
    {
        var found = new List<(JsonNode, object)>();
        Walk(root, found);
        // Every container appears as a child somewhere; find the one whose path matches.
        foreach (var (p, k) in found)
        {
            var child = p is JsonObject o ? o[(string)k] : ((JsonArray)p)[(int)k];
            if (child is not null && child.GetPath() == path) return child;
        }
        throw new InvalidOperationException($"no node at {path}");
    }
}
