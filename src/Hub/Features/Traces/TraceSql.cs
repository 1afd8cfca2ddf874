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

    /// <summary>Evidence of the tags in @m, anywhere, up to @until.</summary>
    public const string ByTags = TagLedgerTables.TraceByTags;

    /// <summary>Evidence of every tag seen at the farms in @farms, up to @until.</summary>
    public const string AtFarms = TagLedgerTables.TraceAtFarms;

    public const string Farms = FarmTables.TraceDetails;

    /// <summary>A certificate as a start: its farm, county and animals.</summary>
    public const string CertificateStart = TagLedgerTables.TraceCertificateStart;

    public async Task<List<Sighting>> ByTagsAsync(TagSet tags, DateTimeOffset until, CancellationToken ct)
    {
        if (tags.IsEmpty) return [];
        await using var command = dataSource.CreateCommand(ByTags);
        command.Parameters.Add(TagLedgerTables.Multirange("m", tags.Ranges));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("until", until));
        return WithCertifiedIn(await ReadAsync(command, ct));
    }

    /// <summary>A certificate into a registered farm is evidence at that farm too, from the moment it was issued.</summary>
    private static List<Sighting> WithCertifiedIn(List<Sighting> rows)
    {
        rows.AddRange(rows.Where(s => s is { Kind: SightingKind.CertifiedOut, DestinationFarm: not null }).ToList()
            .Select(s => s with { Kind = SightingKind.CertifiedIn, Farm = s.DestinationFarm!, OriginFarm = s.Farm }));
        return rows;
    }

    public async Task<TraceHop> HopAsync(IReadOnlyCollection<string> farms, TagSet incoming, bool follow, DateTimeOffset until, CancellationToken ct)
    {
        if (farms.Count == 0) return new TraceHop(new Dictionary<string, FarmFacts>(StringComparer.Ordinal), [], []);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var batch = new NpgsqlBatch(connection);
        var describe = new NpgsqlBatchCommand(Farms);
        describe.Parameters.Add(new NpgsqlParameter<string[]>("codes", farms.ToArray()));
        var evidence = new NpgsqlBatchCommand(TagLedgerTables.TraceHop);
        evidence.Parameters.Add(new NpgsqlParameter<string[]>("farms", farms.ToArray()));
        evidence.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("until", until));
        evidence.Parameters.Add(TagLedgerTables.Multirange("m", incoming.Ranges));
        evidence.Parameters.Add(new NpgsqlParameter<bool>("follow", follow));
        batch.BatchCommands.Add(describe);
        batch.BatchCommands.Add(evidence);
        await using var r = await batch.ExecuteReaderAsync(ct);
        var facts = await ReadFarmsAsync(r, ct);
        await r.NextResultAsync(ct);
        var at = new List<Sighting>();
        var by = new List<Sighting>();
        while (await r.ReadAsync(ct))
        {
            if (Read(r, 1) is { } sighting) (r.GetString(0) == "at" ? at : by).Add(sighting);
        }
        return new TraceHop(facts, at, WithCertifiedIn(by));
    }

    public async Task<Dictionary<string, FarmFacts>> FarmsAsync(IReadOnlyCollection<string> codes, CancellationToken ct)
    {
        if (codes.Count == 0) return new Dictionary<string, FarmFacts>(StringComparer.Ordinal);
        await using var command = dataSource.CreateCommand(Farms);
        command.Parameters.Add(new NpgsqlParameter<string[]>("codes", codes.ToArray()));
        await using var r = await command.ExecuteReaderAsync(ct);
        return await ReadFarmsAsync(r, ct);
    }

    private static async Task<Dictionary<string, FarmFacts>> ReadFarmsAsync(NpgsqlDataReader r, CancellationToken ct)
    {
        var farms = new Dictionary<string, FarmFacts>(StringComparer.Ordinal);
        string? S(int i) => r.IsDBNull(i) ? null : r.GetString(i);
        while (await r.ReadAsync(ct))
            farms[r.GetString(0)] = new FarmFacts(r.GetString(0), S(1), S(2), S(3), r.GetString(4), r.GetString(5), S(6),
                r.IsDBNull(7) ? null : r.GetDecimal(7), r.IsDBNull(8) ? null : r.GetDecimal(8));
        return farms;
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

    /// <summary>The id a new trace will be stored under, reserved first so that the stored answer carries it.</summary>
    public async Task<long> NextTraceIdAsync(CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("select nextval(pg_get_serial_sequence('outbreak_trace', 'id'))");
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    private static async Task<List<Sighting>> ReadAsync(NpgsqlCommand command, CancellationToken ct)
    {
        var rows = new List<Sighting>();
        await using var r = await command.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            if (Read(r, 0) is { } sighting) rows.Add(sighting);
        return rows;
    }

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
