using EarTagTrace.Mappings.Canonical;
using Npgsql;

namespace EarTagTrace.Hub.Features.Tags;

/// <summary>The ranges a holder (county, township, farm or worker) holds now, merged where adjacent.</summary>
public static class ListHoldings
{
    public sealed record HeldRange(string First, string Last, long Count, string Species);

    public sealed record HoldingsAnswer(string Holder, long Tags, int Ranges, IReadOnlyList<HeldRange> Items);

    public static async Task<IResult> HandleAsync(string? holder, NpgsqlDataSource dataSource, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(holder))
            return Results.Problem(statusCode: 400, title: "HOLDER_MISSING", detail: "give ?holder= a county or township code, a farm code or a worker id");

        await using var cmd = dataSource.CreateCommand(
            "select lower(tag_range), upper(tag_range) - 1 from tag_holding where holder_code = @h order by lower(tag_range)");
        cmd.Parameters.Add(new NpgsqlParameter<string>("h", holder));
        var ranges = new List<TagRange>();
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct)) ranges.Add(new TagRange(r.GetInt64(0), r.GetInt64(1)));

        // Adjacent ranges of different species never merge: the species digit differs, so they are never adjacent.
        var merged = TagRange.Merge(ranges);
        return Results.Ok(new HoldingsAnswer(holder, merged.Sum(m => m.Count), merged.Count,
            merged.Select(m => new HeldRange(TagNumber.Format(m.First), TagNumber.Format(m.Last), m.Count, m.FirstTag.Species.ToString())).ToList()));
    }
}
