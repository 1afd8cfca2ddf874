using EarTagTrace.Hub.Features.Traces;
using EarTagTrace.Mappings.Canonical;

namespace EarTagTrace.Hub.Tests.Features.Traces;

/// <summary>The trace's decisions on hand-made evidence, without the database.</summary>
public sealed class Deciding_a_trace
{
    private static readonly DateTimeOffset Now = new(2026, 6, 30, 0, 0, 0, TimeSpan.Zero);
    private static DateTimeOffset Ago(int days) => Now.AddDays(-days);
    private static TagSet Tags(long first, long last) => TagSet.Of(new TagRange(first, last));

    [Fact]
    public void Should_close_a_stay_at_a_certificate_out_and_open_one_at_its_destination_farm()
    {
        var stays = TracePlanner.Stays(
        [
            new Sighting(SightingKind.Issued, "A", Ago(60), "i", Tags(1, 1)),
            new Sighting(SightingKind.CertifiedIn, "B", Ago(10), "c", Tags(1, 1), OriginFarm: "A"),
            new Sighting(SightingKind.CertifiedOut, "A", Ago(10), "c", Tags(1, 1), DestinationFarm: "B"),
        ], Ago(30), Now);
        Assert.Equal([new Stay("A", Ago(30), Ago(10)), new Stay("B", Ago(10), Now)], stays);
    }

    [Fact]
    public void Should_order_evidence_at_the_same_instant_by_kind_and_farm_code_whatever_order_it_came_in()
    {
        Sighting[] sightings =
        [
            new Sighting(SightingKind.Issued, "A", Ago(60), "i", Tags(1, 1)),
            new Sighting(SightingKind.Declared, "C", Ago(10), "d", Tags(1, 1)),
            new Sighting(SightingKind.Declared, "B", Ago(10), "d2", Tags(1, 1)),
        ];
        var expected = new[] { new Stay("A", Ago(30), Ago(10)), new Stay("B", Ago(10), Ago(10)), new Stay("C", Ago(10), Now) };
        Assert.Equal(expected, TracePlanner.Stays(sightings, Ago(30), Now));
        Assert.Equal(expected, TracePlanner.Stays(sightings.Reverse(), Ago(30), Now));
    }

    [Fact]
    public void Should_send_tags_that_turned_up_at_two_farms_at_once_to_the_first_by_farm_code()
    {
        Sighting[] elsewhere =
        [
            new Sighting(SightingKind.Declared, "D", Ago(5), "d", Tags(1, 2)),
            new Sighting(SightingKind.Declared, "C", Ago(5), "d2", Tags(2, 3)),
        ];
        foreach (var order in new[] { elsewhere, elsewhere.Reverse().ToArray() })
        {
            var moves = TracePlanner.Forward("A", Tags(1, 3), Ago(30), Now, [], order);
            Assert.Equal(["C:2-3", "D:1-1"], moves.Select(m => $"{m.ToFarm}:{string.Join(",", m.Tags.Ranges.Select(r => $"{r.First}-{r.Last}"))}")
                .Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void Should_drop_a_stay_that_ended_before_the_window()
    {
        var stays = TracePlanner.Stays(
        [
            new Sighting(SightingKind.Issued, "A", Ago(90), "i", Tags(1, 1)),
            new Sighting(SightingKind.Declared, "C", Ago(40), "d", Tags(1, 1)),
        ], Ago(30), Now);
        Assert.Equal([new Stay("C", Ago(30), Now)], stays);
    }

    [Fact]
    public void Should_count_as_co_residents_the_tags_there_in_the_period_less_those_certified_out_before_it()
    {
        var residents = TracePlanner.CoResidents(
        [
            new Sighting(SightingKind.Issued, "A", Ago(60), "i", Tags(1, 10)),
            new Sighting(SightingKind.CertifiedOut, "A", Ago(50), "old", Tags(9, 10)),
            new Sighting(SightingKind.CertifiedOut, "A", Ago(5), "new", Tags(1, 2)),
            new Sighting(SightingKind.Issued, "A", Ago(1), "later", Tags(20, 21)),
        ], Ago(30), Ago(3));
        Assert.Equal("1-8", string.Join(",", residents.Ranges.Select(r => $"{r.First}-{r.Last}")));
    }

    [Fact]
    public void Should_follow_certificates_first_and_the_rest_where_they_turned_up_first()
    {
        var moves = TracePlanner.Forward("A", Tags(1, 8), Ago(30), Now,
            [new Sighting(SightingKind.CertifiedOut, "A", Ago(10), "c1", Tags(1, 3), "220122100", "addr", "B")],
            [
                new Sighting(SightingKind.CertifiedIn, "B", Ago(10), "c1", Tags(1, 3), OriginFarm: "A"),
                new Sighting(SightingKind.Declared, "C", Ago(8), "d", Tags(4, 5)),
                new Sighting(SightingKind.Declared, "D", Ago(6), "d2", Tags(5, 6)),
                new Sighting(SightingKind.Issued, "E", Ago(40), "i", Tags(7, 7)),
            ]);
        Assert.Equal(
            ["Certificate A>B c1 1-3", "TurnedUp A>C  4-5", "TurnedUp A>D  6-6"],
            moves.Select(m => $"{m.Kind} {m.FromFarm}>{m.ToFarm} {m.Certificate} {m.Tags.Ranges[0].First}-{m.Tags.Ranges[^1].Last}").ToArray());
    }

    [Theory]
    [InlineData(null, null, null, "TRACE_START_REQUIRED")]
    [InlineData(" ", null, null, "TRACE_START_REQUIRED")]
    [InlineData("122012200001001", 0, null, "TRACE_DAYS_INVALID")]
    [InlineData("122012200001001", 367, null, "TRACE_DAYS_INVALID")]
    [InlineData("122012200001001", null, -1, "TRACE_DEPTH_INVALID")]
    [InlineData("122012200001001", null, 6, "TRACE_DEPTH_INVALID")]
    [InlineData("122012200001001", 366, 5, null)]
    [InlineData("FR220122000123", 1, 0, null)]
    public void Should_check_the_request_at_its_edges(string? start, int? days, int? depth, string? code) =>
        Assert.Equal(code, StartTrace.Check(new StartTrace.Request(start, days, depth))?.Code);
}
