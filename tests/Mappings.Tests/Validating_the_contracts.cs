using System.Text.Json.Nodes;
using EarTagTrace.Mappings.Validation;

namespace EarTagTrace.Mappings.Tests;

public class Validating_the_contracts
{
    public static TheoryData<string> AllContracts => new(Contracts.All);

    [Theory]
    [MemberData(nameof(AllContracts))]
    public void Should_accept_the_example_beside_every_schema(string contract)
    {
        var example = TestFiles.Read("contracts", contract + ".example.json");

        Assert.Empty(ContractValidator.Validate(contract, example));
    }

    [Theory]
    [MemberData(nameof(AllContracts))]
    public void Should_keep_every_schema_self_contained(string contract)
    {
        var text = ContractValidator.GetSchemaText(contract);

        Assert.Equal("http://json-schema.org/draft-07/schema#", JsonNode.Parse(text)!["$schema"]!.GetValue<string>());
        // A $ref into another file would break a partner or the simulator that uses one schema alone.
        foreach (var reference in System.Text.RegularExpressions.Regex.Matches(text, "\"\\$ref\"\\s*:\\s*\"([^\"]*)\""))
        {
            Assert.StartsWith("#/definitions/", ((System.Text.RegularExpressions.Match)reference).Groups[1].Value);
        }
    }

    [Theory]
    [InlineData(Contracts.RegistryPushBody)]
    [InlineData(Contracts.RegistryPullPage)]
    [InlineData(Contracts.DjetYzcSync)]
    public void Should_inline_the_registry_record_exactly_as_the_farm_record_schema(string contract)
    {
        var record = JsonNode.Parse(ContractValidator.GetSchemaText(Contracts.RegistryFarmRecord))!.AsObject();
        record.Remove("$schema");
        record.Remove("title");
        var inlined = JsonNode.Parse(ContractValidator.GetSchemaText(contract))!["definitions"]!["farmRecord"];

        JsonAssert.Equal(record.ToJsonString(), inlined!.ToJsonString());
    }

    [Fact]
    public void Should_inline_the_farm_item_exactly_as_the_farm_item_schema()
    {
        var item = JsonNode.Parse(ContractValidator.GetSchemaText(Contracts.NationalFarmItem))!.AsObject();
        item.Remove("$schema");
        item.Remove("title");
        var inlined = JsonNode.Parse(ContractValidator.GetSchemaText(Contracts.NationalFarmBatch))!["definitions"]!["farmItem"];

        JsonAssert.Equal(item.ToJsonString(), inlined!.ToJsonString());
    }

    [Fact]
    public void Should_report_every_violation_of_a_push_body_with_its_row_path()
    {
        const string body = """
            { "rows": [
              { "yzcbm": "FR1", "xzqhdm": "220122100", "zt": "1", "gxsj": "2026-03-15 09:30:00" },
              { "xzqhdm": "22012210", "zt": "1", "gxsj": "2026-03-15 09:30:00" },
              { "yzcbm": "FR3", "xzqhdm": "220122100", "zt": "2", "gxsj": "2026-03-15 9:30", "lxdh": 13812345678,
                "yzzl": [ { "xmdm": "4", "clsl": -1 } ] }
            ] }
            """;

        var violations = ContractValidator.Validate(Contracts.RegistryPushBody, body);

        Assert.Contains(violations, v => v is { Path: "$.rows[1].yzcbm", Code: "SCHEMA_REQUIRED" });
        Assert.Contains(violations, v => v is { Path: "$.rows[1].xzqhdm", Code: "SCHEMA_PATTERN" });
        Assert.Contains(violations, v => v is { Path: "$.rows[2].zt", Code: "SCHEMA_ENUM" });
        Assert.Contains(violations, v => v is { Path: "$.rows[2].gxsj", Code: "SCHEMA_PATTERN" });
        Assert.Contains(violations, v => v is { Path: "$.rows[2].lxdh", Code: "SCHEMA_TYPE" });
        Assert.Contains(violations, v => v is { Path: "$.rows[2].yzzl[0].xmdm", Code: "SCHEMA_ENUM" });
        Assert.Contains(violations, v => v is { Path: "$.rows[2].yzzl[0].clsl", Code: "SCHEMA_RANGE" });
        Assert.Equal(7, violations.Count);
        Assert.All(violations, v => Assert.Contains(v.Path[(v.Path.LastIndexOf('.') + 1)..], v.Message));
    }

    [Fact]
    public void Should_name_the_real_reason_for_a_nullable_field_rather_than_its_type()
    {
        var violations = ContractValidator.Validate(Contracts.RegistryFarmRecord,
            """{ "yzcbm": "FR1", "xzqhdm": "220122100", "zt": "1", "gxsj": "2026-03-15 09:30:00", "jd": "east" }""");

        var violation = Assert.Single(violations);
        Assert.Equal(("$.jd", "SCHEMA_PATTERN"), (violation.Path, violation.Code));
    }

    [Fact]
    public void Should_refuse_more_than_500_rows_and_an_empty_body()
    {
        var row = """{ "yzcbm": "FR1", "xzqhdm": "220122100", "zt": "1", "gxsj": "2026-03-15 09:30:00" }""";
        var tooMany = "{ \"rows\": [" + string.Join(",", Enumerable.Repeat(row, 501)) + "] }";

        Assert.Equal([("$.rows", "SCHEMA_ITEMS")],
            ContractValidator.Validate(Contracts.RegistryPushBody, tooMany).Select(v => (v.Path, v.Code)));
        Assert.Equal([("$.rows", "SCHEMA_ITEMS")],
            ContractValidator.Validate(Contracts.DjetYzcSync, """{ "rows": [] }""").Select(v => (v.Path, v.Code)));
    }

    [Theory]
    [InlineData("{ \"rows\": [ ")]
    [InlineData("not json")]
    [InlineData("{} {}")]
    public void Should_report_malformed_json_at_the_prefix(string json)
    {
        var violation = Assert.Single(ContractValidator.Validate(Contracts.RegistryPushBody, json, "$.body"));

        Assert.Equal(("$.body", "JSON_MALFORMED"), (violation.Path, violation.Code));
    }

    [Fact]
    public void Should_refuse_fields_the_national_platform_does_not_know()
    {
        var item = JsonNode.Parse(TestFiles.Read("contracts", "national-cloud/farm-item.example.json"))!.AsObject();
        item["farmCode"] = "FR1";
        item.Remove("countyCode");

        var violations = ContractValidator.Validate(Contracts.NationalFarmBatch,
            $$"""{ "provinceCode": "220", "items": [ {{item.ToJsonString()}} ] }""");

        Assert.Contains(violations, v => v is { Path: "$.provinceCode", Code: "SCHEMA_PATTERN" });
        Assert.Contains(violations, v => v is { Path: "$.items[0].farmCode", Code: "SCHEMA_ADDITIONAL_PROPERTY" });
        Assert.Contains(violations, v => v is { Path: "$.items[0].countyCode", Code: "SCHEMA_REQUIRED" });
    }

    [Fact]
    public void Should_throw_for_a_contract_that_does_not_exist()
    {
        Assert.Throws<ArgumentException>(() => ContractValidator.Validate("farm-registry/nope", "{}"));
    }
}
