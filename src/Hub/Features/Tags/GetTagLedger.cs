using EarTagTrace.Hub.Access;
using EarTagTrace.Hub.Persistence;
using Npgsql;

namespace EarTagTrace.Hub.Features.Tags;

/// <summary>
/// 耳标台账 balances: for a county and each of its townships (or one township), what came in (registered into its own
/// stock, received from above) against where it is (held, issued onward, cancelled while held). Each figure is
/// counted from a different table, so a balance that does not close is a real fault of the ledger.
/// </summary>
public static class GetTagLedger
{
    public sealed record LedgerLine(
        string Code, string Name, string Level, long Registered, long Received, long Held, long IssuedOnward, long Cancelled)
    {
        public bool Balanced => Registered + Received == Held + IssuedOnward + Cancelled;
    }

    public sealed record LedgerAnswer(string Region, IReadOnlyList<LedgerLine> Lines, bool Balanced);

    private const string Sql = Persistence.Tables.TagLedgerTables.UnitLedgerSql;


    public static async Task<IResult> HandleAsync(string? region, RegionDirectory directory, NpgsqlDataSource dataSource,
        StaffScope scope, CancellationToken ct)
    {
        var regions = await directory.GetAsync(ct);
        // A county or township account sees its own ledger without naming it.
        if (string.IsNullOrWhiteSpace(region) && scope.Region.Length >= 6) region = scope.Region;
        if (string.IsNullOrWhiteSpace(region) || !(regions.IsCounty(region) || regions.IsTownship(region)) || !scope.Covers(region))
            return Results.Problem(statusCode: 404, title: "REGION_UNKNOWN",
                detail: $"region={region} is not a known county (6 digits) or township (9 digits)");

        var codes = new List<string> { region };
        if (regions.IsCounty(region)) codes.AddRange(regions.TownshipsOf(region));

        await using var cmd = dataSource.CreateCommand(Sql);
        cmd.Parameters.Add(new NpgsqlParameter<string[]>("codes", [.. codes]));
        var lines = new List<LedgerLine>();
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var code = reader.GetString(0);
                lines.Add(new LedgerLine(code, regions.NameOf(code), code.Length == 6 ? "county" : "township",
                    reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5)));
            }
        }
        // Townships that never touched a tag would only be noise.
        lines = lines.Where((l, i) => i == 0 || l.Registered + l.Received + l.Held + l.IssuedOnward + l.Cancelled > 0).ToList();
        return Results.Ok(new LedgerAnswer(region, lines, lines.All(l => l.Balanced)));
    }
}
