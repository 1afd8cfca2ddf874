using System.Text.Json.Nodes;
using EarTagTrace.Mappings.Djet;
using static EarTagTrace.Mappings.Tests.Djet.DjetExamples;

namespace EarTagTrace.Mappings.Tests.Djet;

/// <summary>A refused tag message names every problem at its JSON path, with the ledger's reason codes.</summary>
public class Refusing_bad_djet_tag_messages
{
    private static string Stock(Action<JsonNode> editRow, int row = 1) =>
        Edit("tag-stock", m => editRow(m["rows"]![row]!));

    [Theory]
    [InlineData("12201220000050")]
    [InlineData("1220122000005011")]
    [InlineData("12201220000050A")]
    [InlineData("422012200000501")]
    [InlineData("")]
    public void Should_refuse_a_malformed_first_tag_at_qshm(string qshm)
    {
        var result = DjetTagStockMapping.ToCanonical(Stock(r => r["qshm"] = qshm));

        Assert.Equal(("$.rows[1].qshm", "TAG_MALFORMED"), Single(result));
        Assert.Contains(qshm, result.Violations[0].Message);
    }

    [Fact]
    public void Should_refuse_a_malformed_last_tag_at_zzhm() =>
        Assert.Equal(("$.rows[1].zzhm", "TAG_MALFORMED"),
            Single(DjetTagStockMapping.ToCanonical(Stock(r => r["zzhm"] = "12201220000100"))));

    [Fact]
    public void Should_refuse_a_reversed_range()
    {
        var json = Stock(r =>
        {
            r["qshm"] = "122012200001000";
            r["zzhm"] = "122012200000501";
        });

        Assert.Equal(("$.rows[1].qshm", "RANGE_INVALID"), Single(DjetTagStockMapping.ToCanonical(json)));
    }

    [Theory]
    [InlineData("122012300001000")] // another county
    [InlineData("222012200001000")] // another species
    public void Should_refuse_a_range_crossing_species_or_county(string zzhm) =>
        Assert.Equal(("$.rows[1].qshm", "RANGE_CROSSES_COUNTY"),
            Single(DjetTagStockMapping.ToCanonical(Stock(r => r["zzhm"] = zzhm))));

    [Fact]
    public void Should_refuse_a_count_that_is_not_the_length_of_the_range_naming_both()
    {
        var result = DjetTagStockMapping.ToCanonical(Stock(r => r["sl"] = 499));

        Assert.Equal(("$.rows[1].sl", "COUNT_MISMATCH"), Single(result));
        Assert.Contains("499", result.Violations[0].Message);
        Assert.Contains("500", result.Violations[0].Message);
    }

    [Fact]
    public void Should_refuse_rows_that_overlap_each_other_at_the_later_row()
    {
        var json = Edit("tag-stock", m =>
        {
            m["rows"]![2]!["qshm"] = "122012200000990";
            m["rows"]![2]!["zzhm"] = "122012200001089";
        });

        var result = DjetTagStockMapping.ToCanonical(json);

        Assert.Equal(("$.rows[2].qshm", "RANGE_OVERLAPS_IN_MESSAGE"), Single(result));
        Assert.Contains("$.rows[1]", result.Violations[0].Message);
    }

    [Theory]
    [InlineData("2026-02-30 10:15:00", "TIME_INVALID")]
    [InlineData("2025-02-29 10:15:00", "TIME_INVALID")]
    [InlineData("2026-03-02T10:15:00", "SCHEMA_PATTERN")]
    [InlineData("2026-03-02 10:15", "SCHEMA_PATTERN")]
    public void Should_refuse_a_bad_registration_time(string djsj, string code) =>
        Assert.Equal(("$.rows[1].djsj", code), Single(DjetTagStockMapping.ToCanonical(Stock(r => r["djsj"] = djsj))));

    [Fact]
    public void Should_name_every_problem_of_the_message_in_one_answer()
    {
        var json = Edit("tag-stock", m =>
        {
            m["djdw"] = "22012";
            m["rows"]![0]!["sl"] = 5;
            m["rows"]![1]!["qshm"] = "bad";
            m["rows"]![2]!["djsj"] = "2026-04-31 00:00:00";
            m["rows"]![2]!.AsObject().Remove("sl");
        });

        Assert.Equal(
            [
                ("$.djdw", "SCHEMA_PATTERN"), ("$.rows[2].sl", "SCHEMA_REQUIRED"), ("$.rows[0].sl", "COUNT_MISMATCH"),
                ("$.rows[1].qshm", "TAG_MALFORMED"), ("$.rows[2].djsj", "TIME_INVALID"),
            ],
            Refused(DjetTagStockMapping.ToCanonical(json)));
    }

    [Fact]
    public void Should_refuse_an_empty_stock_and_more_than_500_rows()
    {
        var row = JsonNode.Parse(Read("tag-stock"))!["rows"]![0]!.ToJsonString();

        Assert.Equal(("$.rows", "SCHEMA_ITEMS"), Single(DjetTagStockMapping.ToCanonical("""{ "djdw": "220122", "rows": [] }""")));
        Assert.Contains(("$.rows", "SCHEMA_ITEMS"), Refused(DjetTagStockMapping.ToCanonical(
            "{ \"djdw\": \"220122\", \"rows\": [" + string.Join(",", Enumerable.Repeat(row, 501)) + "] }")));
    }

    [Theory]
    [InlineData("{ \"djdw\": ")]
    [InlineData("{ \"djdw\": \"220122\", \"rows\": [] } // a comment after the body")]
    public void Should_refuse_text_that_is_not_json(string json) =>
        Assert.Equal(("$", "JSON_MALFORMED"), Single(DjetTagStockMapping.ToCanonical(json)));

    [Fact]
    public void Should_refuse_json_that_only_a_lenient_reader_accepts()
    {
        // Single quotes pass the schema validator's reader but not the hub's: refused rather than half-read.
        var json = Read("tag-stock").Replace('"', '\'');

        Assert.Equal(("$", "JSON_MALFORMED"), Single(DjetTagStockMapping.ToCanonical(json)));
    }

    [Fact]
    public void Should_refuse_values_of_the_wrong_type_by_the_schema()
    {
        var json = Edit("tag-stock", m =>
        {
            m["rows"]![0]!["sl"] = "500";
            m["rows"]![1]!["qshm"] = 122012200000501;
            m["rows"]![2] = null;
        });

        Assert.Equal(
            new HashSet<(string, string)> { ("$.rows[0].sl", "SCHEMA_TYPE"), ("$.rows[1].qshm", "SCHEMA_TYPE"), ("$.rows[2]", "SCHEMA_TYPE") },
            Refused(DjetTagStockMapping.ToCanonical(json)).ToHashSet());
    }

    [Fact]
    public void Should_refuse_a_tag_text_too_long_to_be_anything_by_the_schema() =>
        Assert.Equal(("$.rows[1].zzhm", "SCHEMA_LENGTH"),
            Single(DjetTagStockMapping.ToCanonical(Stock(r => r["zzhm"] = new string('1', 65)))));

    [Fact]
    public void Should_read_a_null_row_as_refused_by_the_schema_and_still_check_the_others() =>
        Assert.Equal(
            [("$.rows[0]", "SCHEMA_TYPE"), ("$.rows[2].sl", "COUNT_MISMATCH")],
            Refused(DjetTagStockMapping.ToCanonical(Edit("tag-stock", m =>
            {
                m["rows"]![0] = null;
                m["rows"]![2]!["sl"] = 99;
            }))));

    [Theory]
    [InlineData("1", "YZC")]
    [InlineData("1", "FYY")]
    public void Should_refuse_a_first_issuance_to_anything_but_a_township(string fflx, string jslx) =>
        Assert.Equal(("$.jslx", "RECEIVER_TYPE_INVALID"),
            Single(DjetTagIssuanceMapping.ToCanonical(Edit("tag-issuance", m => (m["fflx"], m["jslx"]) = (fflx, jslx)))));

    [Fact]
    public void Should_refuse_a_second_issuance_to_a_township()
    {
        var json = Edit("tag-issuance", m => (m["fflx"], m["ffdw"]) = ("2", "220122100"));

        var result = DjetTagIssuanceMapping.ToCanonical(json);

        Assert.Equal(("$.jslx", "RECEIVER_TYPE_INVALID"), Single(result));
        Assert.Contains("fflx 2", result.Violations[0].Message);
    }

    [Theory]
    [InlineData("1", "220122100")]
    [InlineData("2", "220122")]
    public void Should_refuse_an_issuer_of_the_wrong_level(string fflx, string ffdw)
    {
        var json = Edit("tag-issuance", m =>
        {
            (m["fflx"], m["ffdw"]) = (fflx, ffdw);
            if (fflx == "2")
            {
                (m["jslx"], m["jsdw"]) = ("YZC", "FR220122000123");
            }
        });

        Assert.Equal(("$.ffdw", "REGION_INCONSISTENT"), Single(DjetTagIssuanceMapping.ToCanonical(json)));
    }

    [Theory]
    [InlineData("220122")]
    [InlineData("FR220122000123")]
    public void Should_refuse_a_township_receiver_whose_code_is_no_township(string jsdw) =>
        Assert.Equal(("$.jsdw", "REGION_INCONSISTENT"),
            Single(DjetTagIssuanceMapping.ToCanonical(Edit("tag-issuance", m => m["jsdw"] = jsdw))));

    [Fact]
    public void Should_refuse_an_unknown_receiver_type_by_the_schema() =>
        Assert.Equal(("$.jslx", "SCHEMA_ENUM"),
            Single(DjetTagIssuanceMapping.ToCanonical(Edit("tag-issuance", m => m["jslx"] = "CUN"))));

    [Fact]
    public void Should_refuse_issued_ranges_by_the_same_codes_as_stock_ranges()
    {
        var json = Edit("tag-issuance", m =>
        {
            m["hd"]!.AsArray().Add(new JsonObject { ["qshm"] = "122012200000150", ["zzhm"] = "122012200000250" });
            m["hd"]!.AsArray().Add(new JsonObject { ["qshm"] = "122012200000900", ["zzhm"] = "122012200000800" });
            m["hd"]!.AsArray().Add(new JsonObject { ["qshm"] = "122012200000900", ["zzhm"] = "122012300000999" });
            m["hd"]!.AsArray().Add(new JsonObject { ["qshm"] = "122012200000900", ["zzhm"] = "x" });
            m["ffsj"] = "2026-02-29 14:00:00";
        });

        Assert.Equal(
            [
                ("$.hd[3].qshm", "RANGE_INVALID"), ("$.hd[4].qshm", "RANGE_CROSSES_COUNTY"), ("$.hd[5].zzhm", "TAG_MALFORMED"),
                ("$.hd[2].qshm", "RANGE_OVERLAPS_IN_MESSAGE"), ("$.ffsj", "TIME_INVALID"),
            ],
            Refused(DjetTagIssuanceMapping.ToCanonical(json)));
    }

    [Fact]
    public void Should_refuse_a_tag_cancelled_twice_in_one_message_at_the_repeat()
    {
        var json = Edit("tag-cancellation", m => m["ebh"]!.AsArray().Add("122012200000007"));

        var result = DjetTagCancellationMapping.ToCanonical(json);

        Assert.Equal(("$.ebh[2]", "DUPLICATE_TAGS"), Single(result));
        Assert.Contains("$.ebh[0]", result.Violations[0].Message);
    }

    [Fact]
    public void Should_refuse_a_malformed_cancelled_tag_at_its_index()
    {
        var json = Edit("tag-cancellation", m =>
        {
            m["ebh"]!.AsArray().Add("12201220000009");
            m["ebh"]!.AsArray().Add("022012200000009");
        });

        Assert.Equal([("$.ebh[2]", "TAG_MALFORMED"), ("$.ebh[3]", "TAG_MALFORMED")],
            Refused(DjetTagCancellationMapping.ToCanonical(json)));
    }

    [Theory]
    [InlineData("被盗")]
    [InlineData("death")]
    [InlineData("")]
    public void Should_refuse_an_unknown_cancellation_reason_by_the_schema(string yy) =>
        Assert.Equal(("$.yy", "SCHEMA_ENUM"), Single(DjetTagCancellationMapping.ToCanonical(Edit("tag-cancellation", m => m["yy"] = yy))));

    [Fact]
    public void Should_refuse_an_impossible_cancellation_time() =>
        Assert.Equal(("$.zxsj", "TIME_INVALID"),
            Single(DjetTagCancellationMapping.ToCanonical(Edit("tag-cancellation", m => m["zxsj"] = "2026-06-31 08:00:00"))));

    [Fact]
    public void Should_refuse_an_empty_cancellation() =>
        Assert.Equal(("$.ebh", "SCHEMA_ITEMS"),
            Single(DjetTagCancellationMapping.ToCanonical(Edit("tag-cancellation", m => m["ebh"] = new JsonArray()))));
}
