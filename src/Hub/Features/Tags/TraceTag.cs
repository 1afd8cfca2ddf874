using EarTagTrace.Hub.Access;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Hub.Persistence.Tables;
using EarTagTrace.Mappings.Canonical;
using Npgsql;

namespace EarTagTrace.Hub.Features.Tags;

/// <summary>
/// 耳标追溯 the whole chain of one tag: stock registration, first and second issuance, declaration, certificate (to its
/// destination) and cancellation, each step with the journal entry that caused it, and who holds it now.
/// </summary>
public static class TraceTag
{
    public sealed record TraceStep(string Step, DateTimeOffset At, string? Id, string? From, string? To, long? JournalId, object? Details);

    public sealed record TraceAnswer(string Tag, string Species, string CountyCode, string CountyName, object? CurrentHolder, IReadOnlyList<TraceStep> Steps);

    public static async Task<IResult> HandleAsync(string ebh, RegionDirectory directory, NpgsqlDataSource dataSource,
        StaffScope scope, CancellationToken ct)
    {
        var (answer, refusal) = await TraceAsync(ebh, directory, dataSource, scope, ct);
        return answer is null ? refusal! : Results.Ok(answer);
    }

    private const string RegistrationSql = TagLedgerTables.TraceRegistrationSql;
    private const string IssuancesSql = TagLedgerTables.TraceIssuancesSql;
    private const string EventsSql = TagLedgerTables.TraceEventsSql;
    private const string HolderSql = TagLedgerTables.TraceHolderSql;

    /// <summary>The tag's chain in time order, or the 404 that says why there is none.</summary>
    public static async Task<(TraceAnswer? Answer, IResult? Refusal)> TraceAsync(string ebh, RegionDirectory directory,
        NpgsqlDataSource dataSource, StaffScope scope, CancellationToken ct)
    {
        if (!TagNumber.TryParse(ebh, out var tag, out var why))
            return (null, Results.Problem(statusCode: 404, title: TagCodes.TagMalformed, detail: $"{ebh}: {why}"));
        var regions = await directory.GetAsync(ct);
        // Outside the caller's region a tag is as unknown as an unregistered one. A township account traces its county's tags.
        if (!regions.IsCounty(tag.CountyCode) || !scope.Overlaps(tag.CountyCode))
            return (null, Results.Problem(statusCode: 404, title: TagCodes.TagCountyUnknown,
                detail: $"{ebh}: county code {tag.CountyCode} is not a county of any version of the region table"));

        var steps = new List<TraceStep>();
        // The four look-ups travel as one batch: one round trip for the whole chain.
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var batch = new NpgsqlBatch(connection);
        foreach (var sql in new[] { RegistrationSql, IssuancesSql, EventsSql, HolderSql })
        {
            var command = new NpgsqlBatchCommand(sql);
            command.Parameters.Add(new NpgsqlParameter<long>("t", tag.Value));
            batch.BatchCommands.Add(command);
        }
        object? holder = null;
        await using (var r = await batch.ExecuteReaderAsync(ct))
        {
            if (await r.ReadAsync(ct))
                steps.Add(new TraceStep("registered", r.GetFieldValue<DateTimeOffset>(5), r.GetInt64(0).ToString(), null, r.GetString(1),
                    r.IsDBNull(6) ? null : r.GetInt64(6), new
                    {
                        registrar = r.GetString(1), registrarName = regions.NameOf(r.GetString(1)), registrarType = r.GetString(2),
                        box = r.IsDBNull(3) ? null : r.GetString(3), pack = r.IsDBNull(4) ? null : r.GetString(4), source = r.GetString(7),
                        range = new TagRange(r.GetInt64(8), r.GetInt64(9)).ToString(),
                    }));
            if (steps.Count == 0)
                return (null, Results.Problem(statusCode: 404, title: TagCodes.TagNeverRegistered, detail: $"{ebh} is in no stock registration"));

            await r.NextResultAsync(ct);
            while (await r.ReadAsync(ct))
                steps.Add(new TraceStep(r.GetString(1) == "First" ? "firstIssuance" : "secondIssuance", r.GetFieldValue<DateTimeOffset>(5),
                    r.GetString(0), r.GetString(2), r.GetString(3), r.IsDBNull(6) ? null : r.GetInt64(6),
                    new { issuerName = regions.NameOf(r.GetString(2)), receiverType = r.GetString(4), receiverName = r.GetString(4) == "Township" ? regions.NameOf(r.GetString(3)) : null }));

            await r.NextResultAsync(ct);
            while (await r.ReadAsync(ct))
            {
                string? S(int i) => r.IsDBNull(i) ? null : r.GetString(i);
                var kind = r.GetString(0);
                object? details = kind switch
                {
                    "Declared" => new { destination = S(5), destinationName = regions.NameOf(S(5)?.Length >= 6 ? S(5)![..6] : S(5)), address = S(6), purpose = S(7) },
                    "Used" => new { certificateType = S(8), destination = S(9), address = S(10), plate = S(11), vet = S(12), validDays = r.IsDBNull(13) ? (int?)null : r.GetInt32(13) },
                    _ => new { reason = S(14) },
                };
                var step = kind switch { "Declared" => "declared", "Used" => "certified", _ => "cancelled" };
                steps.Add(new TraceStep(step, r.GetFieldValue<DateTimeOffset>(2), r.GetString(1), S(4), kind == "Used" ? S(9) : null,
                    r.IsDBNull(3) ? null : r.GetInt64(3), details));
            }

            await r.NextResultAsync(ct);
            if (await r.ReadAsync(ct))
                holder = new { type = r.GetString(0), code = r.GetString(1), since = r.GetFieldValue<DateTimeOffset>(2) };
        }

        return (new TraceAnswer(tag.ToString(), tag.Species.ToString(), tag.CountyCode, regions.NameOf(tag.CountyCode), holder,
            steps.OrderBy(s => s.At).ToList()), null);
    }
}
