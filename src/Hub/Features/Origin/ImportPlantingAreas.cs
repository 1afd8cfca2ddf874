using System.Globalization;
using System.Text;
using EarTagTrace.Hub.Access;
using EarTagTrace.Hub.Imports;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Mappings.Canonical;
using Npgsql;

namespace EarTagTrace.Hub.Features.Origin;

/// <summary>
/// POST /api/origin/planting-areas?year=: the 种植面积一览表 (附件5) as xlsx or CSV with the columns 乡镇 (name or 9-digit
/// code), 品种 and 种植面积（亩）. Every row or none; 422 with {row, column, code, detail}. The scope report then sets the
/// declared area of each township and product beside the area collected.
/// </summary>
public static class ImportPlantingAreas
{
    public sealed record Line(int Row, string TownshipCode, string ProductCode, decimal AreaMu);

    public sealed record Imported(int Year, int Rows);

    private static readonly string[] TownshipHeaders = ["乡镇", "乡镇名称", "乡镇代码", "township"];
    private static readonly string[] ProductHeaders = ["品种", "产品名称", "品种名称", "product"];
    private static readonly string[] AreaHeaders = ["种植面积", "面积", "area"];

    /// <summary>Rows of the sheet as lines, or every fault; the header is found in the first ten rows.</summary>
    public static (List<Line> Lines, List<OriginProblem> Problems) Decide(IEnumerable<SheetRecord> records, RegionLookup regions,
        string countyScope, IReadOnlyDictionary<string, OriginProduct> products)
    {
        var lines = new List<Line>();
        var problems = new List<OriginProblem>();
        (int Township, int Product, int Area)? map = null;
        var looked = 0;
        var seen = new Dictionary<(string, string), int>();
        foreach (var record in records)
        {
            if (record.IsBlank) continue;
            if (map is null)
            {
                map = Header(record);
                if (map is null && ++looked >= 10) break;
                continue;
            }
            var (t, p, a) = map.Value;
            var townshipText = Cell(record, t);
            var productText = Cell(record, p);
            var areaText = Cell(record, a);
            if (townshipText.StartsWith("合计", StringComparison.Ordinal) || townshipText.StartsWith('#')) continue;
            var township = TownshipOf(townshipText, regions, countyScope);
            if (township is null)
                problems.Add(new(record.Row, "乡镇", OriginCodes.RegionUnknown, $"{townshipText}: no township of that name or code in {countyScope}"));
            if (!products.TryGetValue(productText, out var product))
                problems.Add(new(record.Row, "品种", OriginCodes.ProductUnknown, $"{productText}: not a key product (GET /api/origin/products)"));
            else if (product.Unit != ScaleUnit.Mu)
                problems.Add(new(record.Row, "品种", OriginCodes.UnitMismatch, $"{productText} is counted in {product.Unit}, not 亩: 附件5 lists planted crops"));
            if (!decimal.TryParse(areaText, NumberStyles.Number, CultureInfo.InvariantCulture, out var area) || area < 0 || area > 10_000_000)
                problems.Add(new(record.Row, "种植面积", OriginCodes.ScaleInvalid, $"{areaText}: 种植面积 is a number of 亩, 0 or more"));
            if (township is null || product is null || product.Unit != ScaleUnit.Mu || area < 0) continue;
            if (seen.TryGetValue((township, product.Code), out var first))
            {
                problems.Add(new(record.Row, "乡镇", OriginCodes.DuplicateRow, $"{township} {product.Name} is on row {first} already"));
                continue;
            }
            seen[(township, product.Code)] = record.Row;
            lines.Add(new Line(record.Row, township, product.Code, area));
        }
        if (map is null) problems.Add(new(null, null, "HEADER_NOT_FOUND", "no header row with 乡镇, 品种 and 种植面积 in the first 10 rows"));
        else if (lines.Count == 0 && problems.Count == 0) problems.Add(new(null, null, "SHEET_EMPTY", "the sheet has a header but no rows"));
        return (lines, problems);
    }

    public static async Task<IResult> HandleAsync(HttpRequest request, int? year, StaffScope scope, HubDbContext db, OriginRowChecker checker,
        RegionDirectory regionDirectory, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var theYear = year ?? OriginScope.ChinaDate(now).Year;
        if (!OriginRowRules.Plausible(theYear))
            return Results.Problem(statusCode: 400, title: OriginCodes.FilterInvalid, detail: $"year {theYear}: a plausible year");
        if (scope.Region.Length < 6)
            return Results.Problem(statusCode: 403, title: "COUNTY_SCOPE_REQUIRED", detail: "附件5 is a county's table: sign in with a county or township account");
        List<SheetRecord> records;
        try
        {
            await using var content = await OriginSheetReader.OpenAsync(request, ct);
            records = ReadRecords(content);
        }
        catch (SheetUnreadableException e)
        {
            return Results.Problem(statusCode: 400, title: e.Code, detail: e.Message);
        }
        var regions = await regionDirectory.GetAsync(ct);
        var (lines, problems) = Decide(records, regions, scope.Region[..6], await checker.ProductsAsync(ct));
        problems.AddRange(lines.Where(l => !scope.Covers(l.TownshipCode))
            .Select(l => new OriginProblem(l.Row, "乡镇", OriginCodes.OutsideRegionScope, $"{l.TownshipCode} lies outside your scope {scope.Region}")));
        if (problems.Count > 0)
            return Results.Problem(statusCode: 422, title: "SHEET_REFUSED", detail: $"{problems.Count} fault(s); nothing was imported",
                extensions: new Dictionary<string, object?> { ["errors"] = problems });

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await MessageSql.ExecuteAsync(db, Persistence.Tables.OriginTables.UpsertPlantingAreasSql, ct, MessageSql.P("year", theYear), MessageSql.P("by", scope.UserName), MessageSql.P("at", now),
            MessageSql.P("t", lines.Select(l => l.TownshipCode).ToArray()), MessageSql.P("p", lines.Select(l => l.ProductCode).ToArray()),
            MessageSql.P("a", lines.Select(l => l.AreaMu).ToArray()));
        AuditLog.Add(db, scope, "origin.planting-areas", $"{theYear}", scope.Region, new { rows = lines.Count }, now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Results.Ok(new Imported(theYear, lines.Count));
    }

    private static List<SheetRecord> ReadRecords(Stream content)
    {
        var head = new byte[4];
        var read = content.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        content.Position = 0;
        if (read == 0) throw new SheetUnreadableException("SHEET_EMPTY", "the upload is empty");
        if (head is [0x50, 0x4B, 0x03, 0x04])
        {
            using var workbook = XlsxSheetReader.Open(content);
            try
            {
                return workbook.Rows().Take(5_000).ToList();
            }
            catch (Exception e) when (e is System.Xml.XmlException or InvalidDataException or FileFormatException)
            {
                throw new SheetUnreadableException("SHEET_UNREADABLE", $"the worksheet cannot be read: {e.Message}");
            }
        }
        foreach (var encoding in new[] { CsvSheet.StrictUtf8, CsvSheet.Gb18030 })
        {
            content.Position = 0;
            try
            {
                using var text = new StreamReader(content, encoding, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
                return CsvSheet.Read(text).Take(5_000).ToList();
            }
            catch (DecoderFallbackException)
            {
                // not this encoding: read again with the next
            }
        }
        throw new SheetUnreadableException("SHEET_UNREADABLE", "the CSV is neither UTF-8 nor GB18030 text");
    }

    private static (int, int, int)? Header(SheetRecord record)
    {
        int Find(string[] names) => Enumerable.Range(0, record.Cells.Count).FirstOrDefault(i =>
            names.Any(n => record.Cells[i].Text.Replace(" ", "", StringComparison.Ordinal).StartsWith(n, StringComparison.OrdinalIgnoreCase)), -1);
        var (t, p, a) = (Find(TownshipHeaders), Find(ProductHeaders), Find(AreaHeaders));
        return t >= 0 && p >= 0 && a >= 0 ? (t, p, a) : null;
    }

    private static string Cell(SheetRecord record, int index) => index < record.Cells.Count ? record.Cells[index].Text.Trim() : "";

    private static string? TownshipOf(string text, RegionLookup regions, string county)
    {
        if (text.Length == 9 && text.All(char.IsAsciiDigit))
            return text.StartsWith(county, StringComparison.Ordinal) && regions.IsTownship(text) ? text : null;
        return regions.TownshipsOf(county).FirstOrDefault(t => regions.NameOf(t) == text);
    }
}
