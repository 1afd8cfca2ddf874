using System.Globalization;
using System.Text.Json;
using EarTagTrace.Adapters.Inbound;
using EarTagTrace.Hub.Inbound;
using EarTagTrace.Hub.Ledger;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Hub.Imports;

namespace EarTagTrace.Hub.Features.TagStockSheet;

/// <summary>What an import did; on a refusal only <see cref="Rows"/> is meaningful.</summary>
public sealed record StockSheetSummary(int Rows, int Registered, long Tags, int Duplicates);

/// <summary>
/// 库存耳标登记表 import (source "sheet", type "tag-stock-import"): the normalized CSV of an uploaded sheet → every cell
/// judged → registered with <see cref="TagStockRegistrar"/>, all rows or none. Runs in the pipeline, so the sheet is
/// journaled with its reasons and a journal replay imports it again.
/// </summary>
public sealed class ApplyTagStockSheet(RegionDirectory regions) : IUnitOfWorkHandler
{
    public const string SourceName = StockSheetColumns.Source;
    public const string MessageType = StockSheetColumns.MessageType;
    public const string OutsideScope = "OUTSIDE_REGION_SCOPE";

    public string Source => SourceName;
    public string Type => MessageType;

    public async Task<HandlerResult> HandleAsync(HandlerContext context, CancellationToken ct)
    {
        var reasons = new List<InboundReason>();
        var rows = new List<StockRegistrationRow>();
        var count = 0;
        using var text = new StringReader(context.Message.RawBody);
        var header = true;
        foreach (var record in CsvSheet.Read(text))
        {
            if (header)
            {
                header = false;
                if (!IsNormalizedHeader(record))
                    return HandlerResult.Malformed([new InboundReason("SHEET_MALFORMED",
                        $"the message is not a normalized stock sheet: its header must be {NormalizedHeader}")]);
                continue;
            }
            if (!int.TryParse(record[0].Text, NumberStyles.None, CultureInfo.InvariantCulture, out var row))
                return HandlerResult.Malformed([new InboundReason("SHEET_MALFORMED", $"record {record.Row} has no row number")]);
            count++;
            if (StockSheetRowRules.Check(row, c => record[1 + (int)c].Text, reasons) is { } ready) rows.Add(ready);
        }
        if (count == 0) return HandlerResult.Malformed([new InboundReason("SHEET_EMPTY", "the sheet has no data rows")]);

        // A clerk registers stock for its own county (or township) only.
        if (context.Message.ActorRegion is { } scope)
        {
            bool Outside(StockRegistrationRow r) => !r.RegistrarCode.StartsWith(scope, StringComparison.Ordinal);
            foreach (var outside in rows)
                if (Outside(outside))
                    reasons.Add(new InboundReason(OutsideScope, $"registrar {outside.RegistrarCode} lies outside your region scope {scope}",
                        $"{outside.Path}, {StockSheetColumns.HeaderOf(StockSheetColumn.CountyCode)}"));
            rows.RemoveAll(Outside); // one pass: a sheet of 100,000 rows outside the scope is not 100,000 removals
        }

        var registrars = rows.Select(r => r.RegistrarCode).Distinct().Take(2).ToList();
        if (registrars.Count == 1) context.Journal.PartnerId = registrars[0];

        // The registrar's rules run even when some cells failed, so one report names every fault of the sheet. Rows
        // it may insert then are rolled back with the refusal: the pipeline commits only an accepted message.
        var registered = rows.Count == 0 ? null : await TagStockRegistrar.RegisterAsync(context, await regions.GetAsync(ct), rows, SourceName, ct);
        if (registered is not null) reasons.AddRange(registered.Reasons);
        if (reasons.Count > 0)
        {
            var verdict = rows.Count < count ? InboundVerdict.Malformed : registered?.Verdict ?? InboundVerdict.Refused;
            return new HandlerResult(verdict, reasons, new StockSheetSummary(count, 0, 0, 0));
        }

        var done = JsonSerializer.SerializeToElement(registered!.Summary);
        return HandlerResult.Accepted(new StockSheetSummary(count,
            done.GetProperty("registered").GetInt32(), done.GetProperty("tags").GetInt64(), done.GetProperty("duplicates").GetInt32()));
    }

    public static readonly string NormalizedHeader =
        string.Join(",", StockSheetColumns.All.Select(c => c.Header).Prepend(StockSheetColumns.RowHeader));

    private static bool IsNormalizedHeader(SheetRecord record) =>
        string.Join(",", record.Cells.Select(c => c.Text)) == NormalizedHeader;
}
