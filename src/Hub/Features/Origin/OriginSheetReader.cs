using System.Globalization;
using System.Text;
using Microsoft.Net.Http.Headers;
using EarTagTrace.Hub.Imports;

namespace EarTagTrace.Hub.Features.Origin;

/// <summary>One data row of the 采集表: its row number as the sheet shows it and its text per column.</summary>
public sealed record OriginSheetRow(int Row, string?[] Cells)
{
    public string? this[OriginColumn c] => Cells[(int)c];
}

/// <summary>
/// Reads an uploaded 采集表 (xlsx streamed with <see cref="XlsxSheetReader"/>, or CSV in UTF-8 or GB18030, the same
/// readers as the stock sheet): finds the header (columns in any order, extra columns ignored), skips blank rows and
/// rows marked 示例 or #, and gives each row's cells as text. Cells are judged by <see cref="OriginRowRules"/>.
/// </summary>
public static class OriginSheetReader
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private const int HeaderSearchRows = 10;
    public const int MaxRows = 200_000;

    /// <summary>The upload held in a seekable stream: the form's file, or the raw body copied to a temporary file.</summary>
    public static async Task<Stream> OpenAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.HasFormContentType)
        {
            IFormCollection form;
            try { form = await request.ReadFormAsync(ct); }
            catch (InvalidDataException e) { throw new SheetUnreadableException("UPLOAD_UNREADABLE", e.Message); }
            var file = form.Files.GetFile("file") ?? (form.Files.Count == 1 ? form.Files[0] : null)
                ?? throw new SheetUnreadableException("FILE_MISSING", "send the sheet as the form field \"file\"");
            return file.OpenReadStream();
        }
        MediaTypeHeaderValue.TryParse(request.ContentType, out var type);
        var media = type?.MediaType.Value;
        string[] accepted = ["text/csv", "application/csv", "text/plain", "application/vnd.ms-excel", ContentType, "application/octet-stream"];
        if (media is null || !accepted.Contains(media, StringComparer.OrdinalIgnoreCase))
            throw new SheetUnreadableException("CONTENT_TYPE_UNSUPPORTED",
                $"Content-Type {request.ContentType ?? "(none)"}: send multipart/form-data with field \"file\", text/csv, or {ContentType}");
        var buffer = new FileStream(Path.Combine(Path.GetTempPath(), Path.GetRandomFileName()), FileMode.CreateNew, FileAccess.ReadWrite,
            FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            await request.Body.CopyToAsync(buffer, ct);
            buffer.Position = 0;
            return buffer;
        }
        catch
        {
            await buffer.DisposeAsync();
            throw;
        }
    }

    /// <summary>Every data row of the sheet; <see cref="SheetUnreadableException"/> when it is no 采集表 at all.</summary>
    /// <param name="onRow">Told the number of rows read so far, for progress of long imports.</param>
    public static List<OriginSheetRow> Read(Stream content, Action<int>? onRow = null)
    {
        var head = new byte[4];
        var read = content.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        content.Position = 0;
        if (read == 0) throw new SheetUnreadableException("SHEET_EMPTY", "the upload is empty");
        if (head is [0xD0, 0xCF, 0x11, 0xE0])
            throw new SheetUnreadableException("XLS_NOT_SUPPORTED", "an Excel 97-2003 .xls workbook: save it as .xlsx (or CSV) and send it again");
        if (head is [0x50, 0x4B, 0x03, 0x04])
        {
            using var workbook = XlsxSheetReader.Open(content);
            try
            {
                return Rows(workbook.Rows(), onRow);
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
                return Rows(CsvSheet.Read(text), onRow);
            }
            catch (DecoderFallbackException)
            {
                // not this encoding: read again with the next
            }
        }
        throw new SheetUnreadableException("SHEET_UNREADABLE", "the CSV is neither UTF-8 nor GB18030 text");
    }

    private static List<OriginSheetRow> Rows(IEnumerable<SheetRecord> records, Action<int>? onRow)
    {
        int[]? map = null;
        var looked = 0;
        var rows = new List<OriginSheetRow>();
        foreach (var record in records)
        {
            if (map is null)
            {
                if (record.IsBlank) continue;
                map = Header(record);
                if (map is null && ++looked >= HeaderSearchRows) break;
                continue;
            }
            if (record.IsBlank) continue;
            var cells = new string?[OriginColumns.All.Count];
            for (var c = 0; c < cells.Length; c++)
                cells[c] = map[c] < 0 ? null : TextOf(record[map[c]]);
            if (OriginColumns.IsMarkedSkip(cells[(int)OriginColumn.EntityName])) continue;
            if (cells.All(string.IsNullOrWhiteSpace)) continue;
            rows.Add(new OriginSheetRow(record.Row, cells));
            if (rows.Count > MaxRows)
                throw new SheetUnreadableException("SHEET_TOO_LARGE", $"more than {MaxRows:N0} data rows: split the sheet");
            if (rows.Count % 1000 == 0) onRow?.Invoke(rows.Count);
        }
        if (map is null)
            throw new SheetUnreadableException("HEADER_NOT_FOUND",
                $"no header row with {string.Join(", ", OriginColumns.All.Where(c => c.Required).Select(c => c.Header))} in the first {HeaderSearchRows} rows; "
                + "GET /api/origin/template gives the sheet to fill");
        if (rows.Count == 0)
            throw new SheetUnreadableException("SHEET_EMPTY", "the sheet has a header but no data rows (rows marked 示例 or # are skipped)");
        onRow?.Invoke(rows.Count);
        return rows;
    }

    private static int[]? Header(SheetRecord record)
    {
        var map = Enumerable.Repeat(-1, OriginColumns.All.Count).ToArray();
        for (var i = 0; i < record.Cells.Count; i++)
        {
            if (OriginColumns.Match(record.Cells[i].Text) is { } column && map[(int)column] < 0) map[(int)column] = i;
        }
        return OriginColumns.All.Where(c => c.Required).All(c => map[(int)c.Column] >= 0) ? map : null;
    }

    // Numbers keep their stored digits (a phone typed as a number is 13905951234, not 1.39E+10); dates stay serials
    // or ISO text, which the rules read.
    private static string TextOf(SheetCell cell) => cell.Kind switch
    {
        SheetCellKind.Number => SheetText.NumberText(cell.Text),
        SheetCellKind.Date => DateTime.TryParse(cell.Text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dt)
            ? dt.ToString(dt.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : cell.Text.Trim(),
        _ => cell.Text.Trim(),
    };
}
