using System.Globalization;
using EarTagTrace.Hub.Access;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Mappings.Common;
using Npgsql;

namespace EarTagTrace.Hub.Features.Quality;

/// <summary>
/// GET /api/quality?groupBy=county|partner&amp;from=&amp;to=: 数据质量评分卡 per county or partner: messages, share
/// refused and by reason, late reports, duplicates resent, reconciliation mismatches, incomplete farms, overdue
/// collection, deliveries refused or failed. Each figure links to the list of the items it counts
/// (GET /api/quality/items), and for journal figures also to the journal filter. A county account sees its county;
/// the province sees all. Origin collection adds its online-check hits (线上巡查) by rule and its records collected after
/// the year's deadline (late reports, reason originRecord), under the partner origin-collection.
/// </summary>
public static class GetQuality
{
    public static readonly string[] Figures =
        ["messages", "refused", "refusedByReason", "duplicatesResent", "lateReports", "reconciliationMismatches", "incompleteFarms",
         "overdueCollection", "onlineCheckHits", "deliveriesRejected"];

    /// <summary>A line of Origin:Deadlines as the scorecard reads it: 报送 collected by (inclusive, China date).</summary>
    public sealed record Deadline(int Year, string Product, DateOnly CollectBy);

    public static IReadOnlyList<Deadline> Deadlines(IConfiguration configuration) =>
        configuration.GetSection("Origin:Deadlines").Get<List<Deadline>>() ?? [];

    public sealed record Figure(string Name, string? Reason, long Count, string Link, string? Journal);

    public sealed record Card(string Key, string? Name, long Messages, double RefusedShare, IReadOnlyList<Figure> Figures);

    public sealed record Row(string Figure, string? County, string Partner, string? Reason, string Ref);

    /// <summary>The range as UTC instants from China days (default: the last 30 days to today), or a refusal.</summary>
    public static (DateOnly From, DateOnly To, IResult? Refusal) Range(string? groupBy, DateOnly? from, DateOnly? to, TimeProvider time)
    {
        if (groupBy is not ("county" or "partner"))
            return (default, default, Results.Problem(statusCode: 400, title: "GROUP_BY_INVALID", detail: "groupBy is county or partner"));
        var last = to ?? DateOnly.FromDateTime(time.GetUtcNow().ToOffset(ChinaTime.Offset).DateTime);
        var first = from ?? last.AddDays(-29);
        if (last < first || last.DayNumber - first.DayNumber > 366)
            return (default, default, Results.Problem(statusCode: 400, title: "DATE_RANGE_INVALID", detail: "to is not before from, and at most 366 days apart"));
        return (first, last, null);
    }

    public static async Task<List<Row>> ReadAsync(NpgsqlDataSource data, DateOnly from, DateOnly to, StaffScope scope,
        IReadOnlyList<Deadline> deadlines, CancellationToken ct)
    {
        var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), ChinaTime.Offset).ToUniversalTime();
        var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), ChinaTime.Offset).ToUniversalTime();
        await using var command = data.CreateCommand(QualitySql.Items);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("from", start));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("to", end));
        command.Parameters.Add(new NpgsqlParameter<DateOnly>("from_day", from));
        command.Parameters.Add(new NpgsqlParameter<DateOnly>("to_day", to.AddDays(1)));
        command.Parameters.Add(new NpgsqlParameter<int[]>("dl_year", deadlines.Select(d => d.Year).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("dl_product", deadlines.Select(d => d.Product).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<DateOnly[]>("dl_collect_by", deadlines.Select(d => d.CollectBy).ToArray()));
        // A county or township account sees the items of its county; the province sees every item, those of no county too.
        command.Parameters.Add(new NpgsqlParameter<string>("prefix", scope.IsProvinceWide ? "" : scope.Region[..Math.Min(6, scope.Region.Length)]));
        var rows = new List<Row>();
        await using var r = await command.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            rows.Add(new Row(r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), r.GetString(4)));
        return rows;
    }

    public static string? KeyOf(Row row, string groupBy) => groupBy == "county" ? row.County : row.Partner;

    public static async Task<IResult> HandleAsync(string? groupBy, DateOnly? from, DateOnly? to, NpgsqlDataSource data, RegionDirectory directory,
        StaffScope scope, TimeProvider time, IConfiguration configuration, CancellationToken ct)
    {
        var (first, last, refusal) = Range(groupBy, from, to, time);
        if (refusal is not null) return refusal;
        var rows = await ReadAsync(data, first, last, scope, Deadlines(configuration), ct);
        var regions = await directory.GetAsync(ct);
        string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        // The journal filter takes instants: a China day starts at 16:00 UTC the day before.
        string Utc(DateOnly d) => Uri.EscapeDataString(new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), ChinaTime.Offset).UtcDateTime
            .ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        string Span() => $"from={Day(first)}&to={Day(last)}";

        var cards = rows.GroupBy(row => KeyOf(row, groupBy!) ?? "unknown").OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var figures = g.GroupBy(row => (row.Figure, row.Reason)).OrderBy(f => Array.IndexOf(Figures, f.Key.Figure)).ThenBy(f => f.Key.Reason)
                .Select(f =>
                {
                    // refused and duplicates are the hub's own counts; refusedByReason and the others name their reason.
                    var reason = f.Key.Figure is "refused" or "messages" or "duplicatesResent" or "incompleteFarms" ? null : f.Key.Reason;
                    var link = $"/api/quality/items?figure={f.Key.Figure}&groupBy={groupBy}&key={Uri.EscapeDataString(g.Key)}&{Span()}"
                               + (reason is null ? "" : "&reason=" + Uri.EscapeDataString(reason));
                    string? journal = groupBy == "partner" && f.Key.Figure is "messages" or "refused" or "refusedByReason"
                        ? $"/api/journal?source={Uri.EscapeDataString(g.Key)}{(f.Key.Figure == "messages" ? "" : "&status=Refused")}&from={Utc(first)}&to={Utc(last.AddDays(1))}"
                        : null;
                    return new Figure(f.Key.Figure, reason, f.LongCount(), link, journal);
                }).ToList();
            var messages = g.LongCount(row => row.Figure == "messages");
            var refused = g.LongCount(row => row.Figure == "refused");
            return new Card(g.Key, groupBy == "county" ? regions.NameOf(g.Key) : null, messages,
                messages == 0 ? 0 : Math.Round((double)refused / messages, 4), figures);
        }).ToList();
        return Results.Ok(new { groupBy, from = first, to = last, cards });
    }

    /// <summary>GET /api/quality/items?figure=&amp;groupBy=&amp;key=&amp;reason=&amp;from=&amp;to=: what one figure counts (at most 1000).</summary>
    public static async Task<IResult> ItemsAsync(string? figure, string? groupBy, string? key, string? reason, DateOnly? from, DateOnly? to,
        NpgsqlDataSource data, StaffScope scope, TimeProvider time, IConfiguration configuration, CancellationToken ct)
    {
        if (figure is null || !Figures.Contains(figure))
            return Results.Problem(statusCode: 400, title: "FIGURE_UNKNOWN", detail: $"figure is one of {string.Join(", ", Figures)}");
        var (first, last, refusal) = Range(groupBy, from, to, time);
        if (refusal is not null) return refusal;
        var rows = await ReadAsync(data, first, last, scope, Deadlines(configuration), ct);
        var items = rows.Where(r => r.Figure == figure && (KeyOf(r, groupBy!) ?? "unknown") == key && (reason is null || r.Reason == reason))
            .Select(r => new { r.Ref, r.Reason, r.County, r.Partner }).Take(1000).ToList();
        return Results.Ok(new { figure, groupBy, key, reason, from = first, to = last, count = items.Count, items });
    }
}
