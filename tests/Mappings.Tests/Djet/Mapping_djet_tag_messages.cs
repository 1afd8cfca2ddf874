using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.Djet;
using static EarTagTrace.Mappings.Tests.Djet.DjetExamples;

namespace EarTagTrace.Mappings.Tests.Djet;

/// <summary>动监e通 tag stock, issuances and cancellations read into the canonical ledger messages, times in UTC.</summary>
public class Mapping_djet_tag_messages
{
    [Fact]
    public void Should_map_the_tag_stock_example_row_by_row()
    {
        var result = DjetTagStockMapping.ToCanonical(Read("tag-stock"));

        Assert.Empty(result.Violations);
        Assert.True(result.IsValid);
        var stock = result.Value!;
        Assert.Equal("220122", stock.RegistrarCode);
        Assert.Equal(
            [
                new CanonicalStockRow("A0001", "01", new TagRange(122012200000001, 122012200000500), 500, Utc(2026, 3, 2, 2, 15)),
                new CanonicalStockRow("A0001", "02", new TagRange(122012200000501, 122012200001000), 500, Utc(2026, 3, 2, 2, 15)),
                new CanonicalStockRow("B0007", "03", new TagRange(222012200000001, 222012200000100), 100, Utc(2026, 3, 2, 2, 20)),
            ],
            stock.Rows);
        Assert.Equal(TimeSpan.Zero, stock.Rows[0].RegisteredAt.Offset);
    }

    [Fact]
    public void Should_trim_box_and_pack_numbers_and_tolerate_unknown_fields()
    {
        var json = Edit("tag-stock", m =>
        {
            m["rows"]![0]!["xh"] = " A0001 ";
            m["rows"]![0]!["bz"] = "备注 a field a later release may add";
            m["czy"] = "operator";
        });

        var result = DjetTagStockMapping.ToCanonical(json);

        Assert.Empty(result.Violations);
        Assert.Equal(("A0001", "01"), (result.Value!.Rows[0].Box, result.Value.Rows[0].Pack));
    }

    [Fact]
    public void Should_register_a_single_tag_as_a_range_of_one()
    {
        var json = Edit("tag-stock", m =>
        {
            m["rows"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject
            {
                ["xh"] = "C1", ["bh"] = "1", ["qshm"] = "322012200000009", ["zzhm"] = "322012200000009", ["sl"] = 1, ["djsj"] = "2026-03-02 10:15:00",
            });
        });

        var row = Assert.Single(DjetTagStockMapping.ToCanonical(json).Value!.Rows);

        Assert.Equal((Species.Sheep, "220122", 1L), (row.Range.FirstTag.Species, row.Range.FirstTag.CountyCode, row.Count));
    }

    [Fact]
    public void Should_map_the_first_issuance_example()
    {
        var result = DjetTagIssuanceMapping.ToCanonical(Read("tag-issuance"));

        Assert.Empty(result.Violations);
        Assert.Equal(
            new CanonicalIssuance("FF2026030500001", IssuanceKind.First, "220122", "220122100", HolderType.Township,
                result.Value!.Ranges, Utc(2026, 3, 5, 6, 0)),
            result.Value);
        Assert.Equal(
            [new TagRange(122012200000001, 122012200000200), new TagRange(222012200000001, 222012200000050)],
            result.Value.Ranges);
    }

    [Theory]
    [InlineData("YZC", "FR220122000123", HolderType.Farm)]
    [InlineData("FYY", "王防疫-0042", HolderType.Worker)]
    public void Should_map_a_second_issuance_to_a_farm_or_a_worker(string jslx, string jsdw, HolderType expected)
    {
        var json = Edit("tag-issuance", m =>
        {
            m["fflx"] = "2";
            m["ffdw"] = "220122100";
            m["jslx"] = jslx;
            m["jsdw"] = jsdw;
        });

        var result = DjetTagIssuanceMapping.ToCanonical(json);

        Assert.Empty(result.Violations);
        Assert.Equal((IssuanceKind.Second, "220122100", jsdw, expected),
            (result.Value!.Kind, result.Value.IssuerCode, result.Value.ReceiverCode, result.Value.ReceiverType));
    }

    [Fact]
    public void Should_map_the_cancellation_example()
    {
        var result = DjetTagCancellationMapping.ToCanonical(Read("tag-cancellation"));

        Assert.Empty(result.Violations);
        var cancellation = result.Value!;
        Assert.Equal(("ZX2026041000001", CancellationReason.Death, Utc(2026, 4, 10, 0, 0)),
            (cancellation.Id, cancellation.Reason, cancellation.CancelledAt));
        Assert.Equal([122012200000007L, 122012200000008L], cancellation.Tags);
    }

    [Theory]
    [InlineData("死亡", CancellationReason.Death)]
    [InlineData("屠宰", CancellationReason.Slaughter)]
    [InlineData("遗失", CancellationReason.Lost)]
    [InlineData("损坏", CancellationReason.Damaged)]
    public void Should_map_every_cancellation_reason(string yy, CancellationReason expected) =>
        Assert.Equal(expected, DjetTagCancellationMapping.ToCanonical(Edit("tag-cancellation", m => m["yy"] = yy)).Value!.Reason);
}
