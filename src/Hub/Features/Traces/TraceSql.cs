using EarTagTrace.Hub.Persistence.Tables;
using EarTagTrace.Hub.Ledger;
using Npgsql;
using NpgsqlTypes;

namespace EarTagTrace.Hub.Features.Traces;

/// <summary>
/// The SQL of an outbreak trace: read-only look-ups of issuances, holdings, declarations and certificates, by tags (the
/// GiST indexes of the range columns and of tag_event's per-kind exclusion constraints) or by farm code (the farm
/// indexes). Every statement answers the same columns, read into <see cref="Sighting"/>s.
/// </summary>
public sealed class TraceSql(NpgsqlDataSource dataSource) : ITraceSource
{

    /// <summary>A certificate as a start: its farm, county and animals.</summary>
    public const string CertificateStart = TagLedgerTables.TraceCertificateStart;

    /// <summary>A certificate into a registered farm is evidence at that farm too, from the moment it was issued.</summary>
    private static List<Sighting> WithCertifiedIn(List<Sighting> rows)
    {
        rows.AddRange(rows.Where(s => s is { Kind: SightingKind.CertifiedOut, DestinationFarm: not null }).ToList()
            .Select(s => s with { Kind = SightingKind.CertifiedIn, Farm = s.DestinationFarm!, OriginFarm = s.Farm }));
        return rows;
    }

    public Task<TraceHop> HopAsync(IReadOnlyCollection<string> farms, TagSet incoming, bool follow, DateTimeOffset until, CancellationToken ct) =>
        farms.Count == 0
            ? Task.FromResult(new TraceHop(new Dictionary<string, FarmFacts>(StringComparer.Ordinal), [], []))
            : ReadHopAsync(farms, incoming, false, follow, until, false, ct);

    /// <summary>
    /// A trace's first round trip: the evidence of the start's <paramref name="tags"/> (none for a farm), and the first
    /// hop for <paramref name="farm"/> and every farm that evidence names; with <paramref name="reserveId"/>, also the
    /// id the trace will be stored under (<see cref="TraceHop.TraceId"/>), so that the stored answer carries it.
    /// </summary>
    public Task<TraceHop> StartAsync(TagSet tags, string? farm, bool follow, DateTimeOffset until, bool reserveId, CancellationToken ct) =>
        ReadHopAsync(farm is null ? [] : [farm], tags, !tags.IsEmpty, follow, until, reserveId, ct);

    private async Task<TraceHop> ReadHopAsync(IReadOnlyCollection<string> farms, TagSet incoming, bool start, bool follow,
        DateTimeOffset until, bool reserveId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var batch = new NpgsqlBatch(connection);
        // The hop statement is prepared (auto-prepare), but PostgreSQL would plan it afresh on every call: the generic
        // plan's estimates for range and array parameters look costlier than a custom plan's, so it never switches.
        // Custom planning took 2-10 ms a call and its plans ran slower (1-2 ms generic, 6-15 ms custom). The setting
        // is this batch's only: reset at its end, rolled back with it if it fails (one implicit transaction).
        batch.BatchCommands.Add(new NpgsqlBatchCommand("set plan_cache_mode = force_generic_plan"));
        var hop = new NpgsqlBatchCommand(TagLedgerTables.TraceHop);
        hop.Parameters.Add(new NpgsqlParameter<string[]>("farms", farms.ToArray()));
        hop.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("until", until));
        hop.Parameters.Add(TagLedgerTables.Multirange("m", incoming.Ranges));
        hop.Parameters.Add(new NpgsqlParameter<bool>("start", start));
        hop.Parameters.Add(new NpgsqlParameter<bool>("follow", follow));
        batch.BatchCommands.Add(hop);
        if (reserveId) batch.BatchCommands.Add(new NpgsqlBatchCommand(NextTraceId));
        batch.BatchCommands.Add(new NpgsqlBatchCommand("reset plan_cache_mode"));
        await using var r = await batch.ExecuteReaderAsync(ct);
        var facts = new Dictionary<string, FarmFacts>(StringComparer.Ordinal);
        var first = new List<Sighting>();
        var at = new List<Sighting>();
        var by = new List<Sighting>();
        while (await r.ReadAsync(ct))
        {
            switch (r.GetString(0))
            {
                case "farm": var f = ReadFarm(r, 10); facts[f.Code] = f; break;
                case "start": if (Read(r, 1) is { } s) first.Add(s); break;
                case "at": if (Read(r, 1) is { } a) at.Add(a); break;
                default: if (Read(r, 1) is { } b) by.Add(b); break;
            }
        }
        long? id = null;
        if (reserveId && await r.NextResultAsync(ct) && await r.ReadAsync(ct)) id = r.GetInt64(0);
        return new TraceHop(facts, at, WithCertifiedIn(by), WithCertifiedIn(first), id);
    }

    private static FarmFacts ReadFarm(NpgsqlDataReader r, int o)
    {
        string? S(int i) => r.IsDBNull(o + i) ? null : r.GetString(o + i);
        return new FarmFacts(r.GetString(o), S(1), S(2), S(3), r.GetString(o + 4), r.GetString(o + 5), S(6),
            r.IsDBNull(o + 7) ? null : r.GetDecimal(o + 7), r.IsDBNull(o + 8) ? null : r.GetDecimal(o + 8));
    }

    /// <summary>The certificate's farm, county and tags, or null when no certificate has that number.</summary>
    public async Task<(string Farm, string County, TagSet Tags)?> CertificateAsync(string number, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(CertificateStart);
        command.Parameters.Add(new NpgsqlParameter<string>("number", number));
        await using var r = await command.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return null;
        return (r.GetString(0), r.GetString(1), TagSet.FromPg(r.GetFieldValue<NpgsqlRange<long>[]>(2)));
    }

    /// <summary>
    /// Stores a trace as answered: its figures from <paramref name="view"/>, and <paramref name="result"/>, the answer's
    /// UTF-8 JSON exactly as sent (the view is not serialized again here), with what
    /// <paramref name="alsoSend"/> appends (its audit row), in one round trip: the batch runs in one implicit
    /// transaction, so both rows commit or neither does.
    /// </summary>
    public async Task StoreAsync(TraceView view, byte[] result, Action<NpgsqlBatch> alsoSend, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var batch = new NpgsqlBatch(connection);
        var insert = new NpgsqlBatchCommand("""
            insert into outbreak_trace (id, start, start_kind, days, depth, requested_by, scope_region, started_at, elapsed_ms, places, animals, result)
            values (@id, @start, @kind, @days, @depth, @by, @scope, @at, @elapsed, @places, @animals, @result)
            """);
        insert.Parameters.Add(new NpgsqlParameter<long>("id", view.Id));
        insert.Parameters.Add(new NpgsqlParameter<string>("start", view.Start));
        insert.Parameters.Add(new NpgsqlParameter<string>("kind", view.StartKind));
        insert.Parameters.Add(new NpgsqlParameter<int>("days", view.Days));
        insert.Parameters.Add(new NpgsqlParameter<int>("depth", view.Depth));
        insert.Parameters.Add(new NpgsqlParameter<string>("by", view.RequestedBy));
        insert.Parameters.Add(new NpgsqlParameter<string>("scope", view.ScopeRegion));
        insert.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("at", view.At));
        insert.Parameters.Add(new NpgsqlParameter<double>("elapsed", view.ElapsedMs));
        insert.Parameters.Add(new NpgsqlParameter<int>("places", view.Places.Count));
        insert.Parameters.Add(new NpgsqlParameter<long>("animals", view.Animals.Sum(a => a.Count)));
        insert.Parameters.Add(new NpgsqlParameter<byte[]>("result", NpgsqlDbType.Jsonb) { TypedValue = result });
        batch.BatchCommands.Add(insert);
        alsoSend(batch);
        await batch.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The id a new trace will be stored under, reserved first so that the stored answer carries it.</summary>
    private const string NextTraceId = "select nextval(pg_get_serial_sequence('outbreak_trace', 'id'))";

    /// <summary>The sighting in the row's columns from <paramref name="o"/> on, or null when it names no tag.</summary>
    private static Sighting? Read(NpgsqlDataReader r, int o)
    {
        string? S(int i) => r.IsDBNull(o + i) ? null : r.GetString(o + i);
        var tags = TagSet.FromPg(r.GetFieldValue<NpgsqlRange<long>[]>(o + 4));
        if (tags.IsEmpty) return null;
        return new Sighting(Enum.Parse<SightingKind>(r.GetString(o)), r.GetString(o + 1), r.GetFieldValue<DateTimeOffset>(o + 2), S(3), tags,
            S(5), S(6), S(7), S(8));
    }
}
