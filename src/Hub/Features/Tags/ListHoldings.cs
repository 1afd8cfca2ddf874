using EarTagTrace.Hub.Access;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Mappings.Canonical;
using Npgsql;

namespace EarTagTrace.Hub.Features.Tags;

/// <summary>The ranges a holder (county, township, farm or worker) holds now, merged where adjacent.</summary>
public static class ListHoldings
{
    public sealed record HeldRange(string First, string Last, long Count, string Species);

    public sealed record HoldingsAnswer(string Holder, long Tags, int Ranges, IReadOnlyList<HeldRange> Items);

    public static async Task<IResult> HandleAsync(string? holder, NpgsqlDataSource dataSource, RegionDirectory directory,
        StaffScope scope, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(holder))
            return Results.Problem(statusCode: 400, title: "HOLDER_MISSING", detail: "give ?holder= a county or township code, a farm code or a worker id");
        if (!await InScopeAsync(holder, dataSource, directory, scope, ct))
            return StaffScope.NotFound("HOLDER_UNKNOWN", $"no holder {holder} in your region");

        await using var cmd = dataSource.CreateCommand(Persistence.Tables.TagLedgerTables.HeldRangesSql);
        cmd.Parameters.Add(new NpgsqlParameter<string>("h", holder));
        var ranges = new List<TagRange>();
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct)) ranges.Add(new TagRange(r.GetInt64(0), r.GetInt64(1)));

        // Adjacent ranges of different species never merge: the species digit differs, so they are never adjacent.
        var merged = TagRange.Merge(ranges);
        return Results.Ok(new HoldingsAnswer(holder, merged.Sum(m => m.Count), merged.Count,
            merged.Select(m => new HeldRange(TagNumber.Format(m.First), TagNumber.Format(m.Last), m.Count, m.FirstTag.Species.ToString())).ToList()));
    }

    /// <summary>
    /// A region holder is in scope by its code, a farm by its region; a worker 防疫员 has no region of its own, so by
    /// the county its tags belong to.
    /// </summary>
    private static async Task<bool> InScopeAsync(string holder, NpgsqlDataSource dataSource, RegionDirectory directory,
        StaffScope scope, CancellationToken ct)
    {
        if ((await directory.GetAsync(ct)).Find(holder) is not null) return scope.Covers(holder);
        await using var cmd = dataSource.CreateCommand(Persistence.Tables.TagLedgerTables.HolderRegionSql);
        cmd.Parameters.Add(new NpgsqlParameter<string>("h", holder));
        var region = await cmd.ExecuteScalarAsync(ct) as string;
        return region is null || (region.Length == 6 ? scope.Overlaps(region) : scope.Covers(region));
    }
}
