using EarTagTrace.Hub.Features.Origin;
using EarTagTrace.Hub.Persistence.Tables;
using EarTagTrace.Mappings.Canonical;

namespace EarTagTrace.Hub.Tests.Features.Origin;

/// <summary>
/// The 采集表's decision on rows and what the hub holds, without a database: add, change, unchanged and refused, the
/// duplicate key at its edges, the point a blank row keeps, and the entity merged from its rows.
/// </summary>
public sealed class Deciding_origin_rows
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 2, 0, 0, TimeSpan.Zero);
    private const string Township = "350524100", Village = "350524100201";

    private static readonly OriginProduct Cowpea = new()
    {
        Code = "cowpea", Name = "豇豆", Unit = ScaleUnit.Mu, ScopeThreshold = 0.5m, Cadence = OriginCadence.PerCycle,
    };

    private static OriginInput Row(int row, string entity = "茶香家庭农场", decimal scale = 12, string address = "基地一", string? plotNo = null,
        decimal? lon = null, decimal? lat = null, DateOnly? marketStart = null, string region = Village, string? phone = null) => new()
    {
        Row = row, EntityName = entity, EntityType = OriginEntityType.FamilyFarm, Product = Cowpea, Scale = scale, BaseAddress = address,
        RegionCode = region, PlotNo = plotNo, Longitude = lon, Latitude = lat, MarketStart = marketStart ?? new DateOnly(2027, 3, 1),
        CollectedAt = Now.AddDays(-1), Phone = phone,
    };

    private static OriginDecision Decide(IReadOnlyList<OriginInput> rows, IReadOnlyList<OriginProblem>? faults = null,
        IReadOnlyList<OriginTables.EntityRow>? entities = null, IReadOnlyList<OriginTables.HeldRecord>? records = null) =>
        OriginDecision.Decide([.. rows.Select(r => r.Row).Concat(faults?.Select(f => f.Row!.Value) ?? []).Distinct().Order()], rows, faults ?? [],
            entities ?? [], records ?? [], "collector", Now);

    private static readonly OriginTables.EntityRow HeldEntity = new(3, "350524", "茶香家庭农场", nameof(OriginEntityType.FamilyFarm), false, null, null, null);

    /// <summary>What the hub holds after <paramref name="row"/> was written once: its record under id 7 with the hash the decision gave it.</summary>
    private static OriginTables.HeldRecord Held(OriginInput row)
    {
        var first = Assert.Single(Decide([row], entities: [HeldEntity]).Records).Record;
        return new OriginTables.HeldRecord(7, HeldEntity.Id, first.ProductCode, first.BaseAddress, first.PlotKey, first.Cycle, first.Location?.X,
            first.Location?.Y, first.ContentHash, first.FarmCode);
    }

    [Fact]
    public void Should_add_a_row_the_hub_holds_nothing_of_and_create_its_entity()
    {
        var decision = Decide([Row(2)]);

        Assert.True(decision.Accepted);
        Assert.Equal(OriginChange.Add, Assert.Single(decision.Diff).Change);
        Assert.Equal("茶香家庭农场", Assert.Single(decision.CreatedEntities).Name);
        Assert.True(Assert.Single(decision.Records).Changed);
    }

    [Fact]
    public void Should_leave_a_row_sent_again_unchanged_and_upload_nothing()
    {
        var decision = Decide([Row(2)], entities: [HeldEntity], records: [Held(Row(2))]);

        var line = Assert.Single(decision.Diff);
        Assert.Equal((OriginChange.Unchanged, (long?)7), (line.Change, line.RecordId));
        Assert.DoesNotContain(decision.Records, r => r.Changed);
        Assert.Empty(decision.CreatedEntities);
        Assert.Empty(decision.ChangedEntities);
    }

    [Fact]
    public void Should_change_the_held_record_when_a_cell_differs()
    {
        var decision = Decide([Row(2, scale: 30)], entities: [HeldEntity], records: [Held(Row(2))]);

        var line = Assert.Single(decision.Diff);
        Assert.Equal((OriginChange.Change, (long?)7), (line.Change, line.RecordId));
        Assert.Equal(7, Assert.Single(decision.Records).Record.Id);
    }

    [Fact]
    public void Should_keep_the_held_point_when_the_row_gives_none()
    {
        var held = Held(Row(2, lon: 118.1m, lat: 25.0m));

        var plan = Assert.Single(Decide([Row(2)], entities: [HeldEntity], records: [held]).Records);

        Assert.Equal((118.1, 25.0), (plan.Record.Location!.X, plan.Record.Location.Y));
        Assert.False(plan.Moved);
        Assert.False(plan.Changed);
    }

    [Fact]
    public void Should_move_the_point_of_a_numbered_plot_and_keep_the_old_one_for_the_history()
    {
        var held = Held(Row(2, plotNo: "A1", lon: 118.1m, lat: 25.0m));

        var plan = Assert.Single(Decide([Row(2, plotNo: "A1", lon: 118.2m, lat: 25.0m)], entities: [HeldEntity], records: [held]).Records);

        Assert.True(plan.Moved);
        Assert.Equal((118.1, 25.0), (plan.Held!.Longitude, plan.Held.Latitude));
        Assert.Equal(7, plan.Record.Id);
    }

    [Fact]
    public void Should_change_a_held_entity_a_row_gives_a_new_phone()
    {
        var decision = Decide([Row(2, phone: "+8613905951234")], entities: [HeldEntity]);

        Assert.Equal("+8613905951234", Assert.Single(decision.ChangedEntities).Phone);
    }

    [Fact]
    public void Should_keep_a_held_phone_a_row_leaves_blank()
    {
        var decision = Decide([Row(2)], entities: [HeldEntity with { Phone = "+8613905951234" }]);

        Assert.Empty(decision.ChangedEntities);
        Assert.Equal("+8613905951234", Assert.Single(decision.Records).Entity.Phone);
    }

    [Fact]
    public void Should_refuse_the_rows_the_checker_faulted_and_write_nothing()
    {
        var fault = new OriginProblem(3, "产品名称", OriginCodes.ProductUnknown, "菠萝: not a key product");

        var decision = Decide([Row(2)], faults: [fault]);

        Assert.False(decision.Accepted);
        Assert.Equal([(2, OriginChange.Add), (3, OriginChange.Refused)], decision.Diff.Select(d => (d.Row, d.Change)));
        Assert.Equal(fault, Assert.Single(decision.Diff[1].Problems));
        Assert.Equal(fault, Assert.Single(decision.Problems));
    }

    /// <summary>Two rows that differ only as named: one record each, or the second refused as the first's duplicate.</summary>
    public static TheoryData<string, OriginInput, OriginInput, bool> RowPairs => new()
    {
        { "the same key", Row(2), Row(3), false },
        { "the same point to 1e-5° (no plot number)", Row(2, lon: 118.100001m, lat: 25m), Row(3, lon: 118.100002m, lat: 25m), false },
        { "points 1e-5° apart (no plot number)", Row(2, lon: 118.10001m, lat: 25m), Row(3, lon: 118.10002m, lat: 25m), true },
        { "another plot number", Row(2, plotNo: "A1"), Row(3, plotNo: "A2"), true },
        { "another cycle 茬次", Row(2), Row(3, marketStart: new DateOnly(2027, 9, 1)), true },
        { "another base address", Row(2), Row(3, address: "基地二"), true },
        { "another entity", Row(2), Row(3, entity: "绿源合作社"), true },
        { "another county", Row(2), Row(3, region: "350525100201"), true },
    };

    [Theory]
    [MemberData(nameof(RowPairs))]
    public void Should_refuse_a_second_row_of_the_same_record_only(string edge, OriginInput first, OriginInput second, bool accepted)
    {
        var decision = Decide([first, second]);

        Assert.True(accepted == decision.Accepted, edge);
        var expected = accepted ? [] : new[] { (3, OriginCodes.DuplicateRow) };
        Assert.Equal(expected, decision.Problems.Select(p => (p.Row ?? 0, p.Code)));
        Assert.Equal([OriginChange.Add, accepted ? OriginChange.Add : OriginChange.Refused], decision.Diff.Select(d => d.Change));
        Assert.All(decision.Problems, p => Assert.Contains("row 2", p.Detail, StringComparison.Ordinal));
    }
}
