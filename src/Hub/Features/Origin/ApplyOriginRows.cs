using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using EarTagTrace.Adapters.Inbound;
using EarTagTrace.Hub.Access;
using EarTagTrace.Hub.Imports;
using EarTagTrace.Hub.Inbound;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Hub.Persistence.Tables;

namespace EarTagTrace.Hub.Features.Origin;

/// <summary>What an origin write did (journaled as the entry's summary); on a refusal only <see cref="Rows"/> is meaningful.</summary>
public sealed record OriginSummary(int Rows, int Created, int Updated, int Unchanged, int EntitiesCreated);

/// <summary>
/// Origin rows through the inbound pipeline: the 采集表 (<see cref="ApplyOriginSheet"/>) and one record
/// (<see cref="ApplyOriginRecord"/>) are journaled with their raw body and replayable from the journal. Load (the
/// checker's registry farms and products, then the held entities and records in one round trip), <see cref="OriginDecision.Decide"/>
/// in plain C#, store (ids reserved, then one batch through <see cref="OriginTables"/> and <see cref="OutboxTable"/>, whose
/// upload rows carry the journal id) in the pipeline's transaction. A dry run answers the decision's diff and writes nothing.
/// </summary>
public abstract class ApplyOriginRows(RegionDirectory regions) : IUnitOfWorkHandler
{
    public const string SourceName = "origin";
    public const string ActorMissing = "ACTOR_MISSING";

    public string Source => SourceName;
    public abstract string Type { get; }

    /// <summary>The audit action: origin.import for a sheet, origin.record for one record.</summary>
    protected abstract string AuditSource { get; }

    /// <summary>The raw body's rows and how its columns are named in reasons; null with the reason when it is no such body.</summary>
    protected abstract (List<OriginSheetRow>? Rows, InboundReason? Malformed) Parse(string rawBody);

    protected abstract Func<OriginColumn, string> ColumnName { get; }

    public async Task<HandlerResult> HandleAsync(HandlerContext context, CancellationToken ct)
    {
        var message = context.Message;
        if (message.Actor is not { Length: > 0 } actor || message.ActorRegion is not { Length: > 0 } region)
            return HandlerResult.Malformed([new InboundReason(ActorMissing, "origin rows are written by a staff account: the message names none")]);
        var (rows, malformed) = Parse(message.RawBody);
        if (rows is null) return HandlerResult.Malformed([malformed!]);
        var scope = ScopeOf(actor, region);

        // Load: the checker's facts (products, registry farms, regions), then what the rows may update.
        var checker = new OriginRowChecker(context.Db, regions);
        var (inputs, faults) = await checker.CheckAsync(rows, scope, context.Now, ct, columnName: ColumnName);
        var (heldEntities, heldRecords) = await LoadAsync(context.Db, inputs, ct);

        var decision = OriginDecision.Decide([.. rows.Select(r => r.Row)], inputs, faults, heldEntities, heldRecords, actor, context.Now, ColumnName);
        var answer = new Dictionary<string, object?> { ["problems"] = decision.Problems };
        if (message.DryRun) answer["diff"] = decision.Diff;
        if (!decision.Accepted)
        {
            var verdict = faults.Count > 0 ? InboundVerdict.Malformed : InboundVerdict.Refused;
            return new HandlerResult(verdict, [.. decision.Problems.Select(Reason)], new OriginSummary(rows.Count, 0, 0, 0, 0)) { Answer = answer };
        }
        var summary = new OriginSummary(rows.Count, decision.Added, decision.Changed, decision.Unchanged, decision.CreatedEntities.Count);
        if (message.DryRun) return HandlerResult.Accepted(summary) with { Answer = answer };

        await StoreAsync(context, decision, actor, ct);
        var counties = inputs.Select(r => r.CountyCode).Distinct().Take(2).ToList();
        if (counties.Count == 1) context.Journal.PartnerId = counties[0];
        var changed = decision.Records.Where(r => r.Changed).ToList();
        context.Journal.Links.AddRange(changed.Select(r => new JournalLink { EntityType = "origin-record", EntityKey = OriginDestinations.RecordKey(r.Record.Id) }));
        // 审计日志: one row per write, in its transaction.
        AuditLog.Add(context.Db, scope, "origin." + AuditSource,
            rows.Count == 1 ? OriginDestinations.RecordKey(decision.Records[0].Record.Id) : $"{rows.Count} rows",
            counties.Count == 1 ? counties[0] : null,
            new { rows = rows.Count, created = summary.Created, updated = summary.Updated, unchanged = summary.Unchanged, entitiesCreated = summary.EntitiesCreated },
            context.Now);
        answer["recordIds"] = decision.Records.Select(r => r.Record.Id).ToList();
        answer["changedIds"] = changed.Select(r => r.Record.Id).ToList();
        return HandlerResult.Accepted(summary) with { Answer = answer };
    }

    private static async Task<(List<OriginTables.EntityRow>, List<OriginTables.HeldRecord>)> LoadAsync(HubDbContext db, IReadOnlyList<OriginInput> inputs,
        CancellationToken ct)
    {
        var entities = new List<OriginTables.EntityRow>();
        var records = new List<OriginTables.HeldRecord>();
        if (inputs.Count == 0) return (entities, records);
        var keys = inputs.Select(r => (r.CountyCode, r.EntityName)).Distinct().ToList();
        var products = inputs.Select(r => r.Product.Code).Distinct().ToList();
        await using var batch = MessageSql.Batch(db);
        var (entitySql, entityParameters) = OriginTables.LoadEntities(keys);
        batch.Add(entitySql, entityParameters);
        var (recordSql, recordParameters) = OriginTables.LoadRecords(keys, products);
        batch.Add(recordSql, recordParameters);
        await using var reader = await batch.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) entities.Add(OriginTables.ReadHeldEntity(reader));
        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct)) records.Add(OriginTables.ReadHeldRecord(reader));
        return (entities, records);
    }

    /// <summary>Ids reserved for what is new, then the rows, the history and the uploads in one batch.</summary>
    private static async Task StoreAsync(HandlerContext context, OriginDecision decision, string actor, CancellationToken ct)
    {
        var createdRecords = decision.Records.Where(r => r.Held is null).ToList();
        if (decision.CreatedEntities.Count + createdRecords.Count > 0)
        {
            await using var reserve = MessageSql.Batch(context.Db);
            foreach (var (sql, parameters) in OriginTables.ReserveIds(decision.CreatedEntities.Count, createdRecords.Count)) reserve.Add(sql, parameters);
            await using var reader = await reserve.ExecuteReaderAsync(ct);
            foreach (var entity in decision.CreatedEntities)
            {
                await reader.ReadAsync(ct);
                entity.Id = reader.GetInt64(0);
            }
            await reader.NextResultAsync(ct);
            foreach (var plan in createdRecords)
            {
                await reader.ReadAsync(ct);
                plan.Record.Id = reader.GetInt64(0);
            }
        }
        foreach (var plan in decision.Records) plan.Record.EntityId = plan.Entity.Id;

        var journalId = await context.JournalIdAsync(ct);
        var changed = decision.Records.Where(r => r.Changed).ToList();
        await using var batch = MessageSql.Batch(context.Db);
        foreach (var (sql, parameters) in OriginTables.Store(
                     [.. decision.CreatedEntities.Select(Row)], [.. decision.ChangedEntities.Select(Row)],
                     [.. createdRecords.Select(r => Row(r.Record))], [.. changed.Where(r => r.Held is not null).Select(r => Row(r.Record))],
                     [.. decision.Records.Where(r => r.Moved).Select(r => new OriginTables.PointMove(r.Record.Id, r.Held?.Longitude, r.Held?.Latitude,
                         r.Record.Location!.X, r.Record.Location.Y))],
                     actor, AuditSourceOf(context.Message.Type), context.Now))
            batch.Add(sql, parameters);
        if (changed.Count > 0)
        {
            var (sql, parameters) = OutboxTable.Insert([.. changed.Select(c => OriginCanonical.Outbox(c.Record, c.Entity, c.Row.Product))], journalId, context.Now);
            batch.Add(sql, parameters);
        }
        if (batch.BatchCommands.Count > 0) await batch.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The location history's source: import for a sheet, record for one record (as before the pipeline).</summary>
    private static string AuditSourceOf(string type) => type == ApplyOriginSheet.MessageType ? "import" : "record";

    private static OriginTables.EntityRow Row(OriginEntity e) =>
        new(e.Id, e.CountyCode, e.Name, e.Type.ToString(), e.Purchaser, e.ContactName, e.Phone, e.CreditRating);

    private static OriginTables.RecordRow Row(OriginRecord r) => new(r.Id, r.EntityId, r.ProductCode, r.Scale, r.Unit.ToString(), r.BaseAddress,
        r.RegionCode, r.CountyCode, r.TownshipCode, r.Location?.X, r.Location?.Y, r.MarketStart, r.MarketEnd, r.Cycle, r.ProductionMode?.ToString(),
        r.TraceMethods.Length == 0 ? null : string.Join(",", r.TraceMethods), r.GridSupervisor, r.GridSupervisorPhone, r.Collector, r.CollectorPhone,
        r.CollectedAt, r.FarmCode, r.ContentHash, r.PlotKey);

    /// <summary>A fault as the journal keeps it: the path says "row 17, 产品名称" (a sheet) or the field (one record).</summary>
    public static InboundReason Reason(OriginProblem p) =>
        new(p.Code, p.Detail, p.Row is > 0 ? (p.Column is null ? $"row {p.Row}" : $"row {p.Row}, {p.Column}") : p.Column);

    /// <summary>The submitting account as the checker sees it: its name and region scope, as the journal keeps them.</summary>
    internal static StaffScope ScopeOf(string actor, string region) =>
        new(new ClaimsPrincipal(new ClaimsIdentity([new Claim(StaffClaims.Name, actor), new Claim(StaffClaims.Region, region)], "journal")));
}

/// <summary>
/// 采集表 import (source "origin", type "origin-sheet"): the sheet as a normalized CSV (行号 and every column of
/// <see cref="OriginColumns"/> in order), every row or none.
/// </summary>
public sealed class ApplyOriginSheet(RegionDirectory regions) : ApplyOriginRows(regions)
{
    public const string MessageType = "origin-sheet";
    public const string RowHeader = "行号";

    public override string Type => MessageType;
    protected override string AuditSource => "import";
    protected override Func<OriginColumn, string> ColumnName => OriginColumns.HeaderOf;

    public static readonly string NormalizedHeader = string.Join(",", OriginColumns.All.Select(c => c.Header).Prepend(RowHeader));

    /// <summary>The rows as read from the upload, as the CSV the journal keeps.</summary>
    public static string Normalize(IReadOnlyList<OriginSheetRow> rows)
    {
        var csv = new StringBuilder(rows.Count * 160);
        csv.Append(NormalizedHeader).Append('\n');
        foreach (var row in rows) CsvSheet.AppendRecord(csv, row.Cells.Prepend(row.Row.ToString(CultureInfo.InvariantCulture)));
        return csv.ToString();
    }

    protected override (List<OriginSheetRow>? Rows, InboundReason? Malformed) Parse(string rawBody)
    {
        var rows = new List<OriginSheetRow>();
        using var text = new StringReader(rawBody);
        var header = true;
        foreach (var record in CsvSheet.Read(text))
        {
            if (header)
            {
                header = false;
                if (string.Join(",", record.Cells.Select(c => c.Text)) != NormalizedHeader)
                    return (null, new InboundReason("SHEET_MALFORMED", $"the message is not a normalized 采集表: its header must be {NormalizedHeader}"));
                continue;
            }
            if (!int.TryParse(record[0].Text, NumberStyles.None, CultureInfo.InvariantCulture, out var row))
                return (null, new InboundReason("SHEET_MALFORMED", $"record {record.Row} has no row number"));
            var cells = new string?[OriginColumns.All.Count];
            for (var c = 0; c < cells.Length; c++) cells[c] = record[c + 1].Text is { Length: > 0 } t ? t : null;
            rows.Add(new OriginSheetRow(row, cells));
        }
        return rows.Count == 0 ? (null, new InboundReason("SHEET_EMPTY", "the sheet has no data rows")) : (rows, null);
    }
}

/// <summary>
/// One origin record (source "origin", type "origin-record"): the JSON object of POST /api/origin/records, fields named
/// as <see cref="OriginColumns"/>' JSON names, judged by the same rules as a sheet row.
/// </summary>
public sealed class ApplyOriginRecord(RegionDirectory regions) : ApplyOriginRows(regions)
{
    public const string MessageType = "origin-record";

    public override string Type => MessageType;
    protected override string AuditSource => "record";
    protected override Func<OriginColumn, string> ColumnName => c => OriginColumns.All[(int)c].Field;

    protected override (List<OriginSheetRow>? Rows, InboundReason? Malformed) Parse(string rawBody)
    {
        try
        {
            using var doc = JsonDocument.Parse(rawBody);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                return (null, new InboundReason("BODY_INVALID", "send one record as a JSON object"));
            var cells = new string?[OriginColumns.All.Count];
            foreach (var info in OriginColumns.All)
                if (doc.RootElement.TryGetProperty(info.Field, out var value)) cells[(int)info.Column] = Text(value);
            return ([new OriginSheetRow(0, cells)], null);
        }
        catch (JsonException e)
        {
            return (null, new InboundReason("BODY_INVALID", $"the body is not JSON: {e.Message}"));
        }
    }

    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "是",
        JsonValueKind.False => "否",
        JsonValueKind.Array => string.Join("、", value.EnumerateArray().Select(Text)),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => value.GetRawText(),
    };
}
