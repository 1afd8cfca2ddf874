using System.Text;
using Microsoft.Net.Http.Headers;
using EarTagTrace.Hub.Imports;

namespace EarTagTrace.Hub.Features.TagStockSheet;

/// <summary>
/// The uploaded file, held once in a seekable stream (the form reader's buffer, or a temporary file for a raw body),
/// and what it is: an .xlsx by its zip signature, otherwise CSV text in UTF-8 or GB18030.
/// </summary>
public sealed class StockSheetUpload : IAsyncDisposable
{
    private static readonly string[] CsvTypes = ["text/csv", "application/csv", "text/plain", "application/vnd.ms-excel"];
    private static readonly string[] AnyTypes = [StockSheetWriter.ContentType, "application/octet-stream"];

    private readonly Stream _content;
    private readonly string? _charset;

    public bool IsXlsx { get; }

    private StockSheetUpload(Stream content, bool isXlsx, string? charset)
    {
        _content = content;
        IsXlsx = isXlsx;
        _charset = charset;
    }

    /// <summary>multipart/form-data with the file in field "file", or the file as the body (text/csv or the xlsx type).</summary>
    public static async Task<StockSheetUpload> OpenAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.HasFormContentType)
        {
            IFormCollection form;
            try { form = await request.ReadFormAsync(ct); }
            // A malformed multipart body (no closing boundary, cut short) fails the form reader with an IOException.
            catch (Exception e) when (e is InvalidDataException or IOException) { throw new SheetUnreadableException("UPLOAD_UNREADABLE", e.Message); }
            var file = form.Files.GetFile("file") ?? (form.Files.Count == 1 ? form.Files[0] : null)
                ?? throw new SheetUnreadableException("FILE_MISSING", "send the sheet as the form field \"file\"");
            // The form reader has buffered the file (on disk past 64 KB): this stream seeks.
            return await FromAsync(file.OpenReadStream(), file.ContentType, ct);
        }

        MediaTypeHeaderValue.TryParse(request.ContentType, out var type);
        var media = type?.MediaType.Value;
        if (media is null || !(CsvTypes.Contains(media, StringComparer.OrdinalIgnoreCase) || AnyTypes.Contains(media, StringComparer.OrdinalIgnoreCase)))
            throw new SheetUnreadableException("CONTENT_TYPE_UNSUPPORTED",
                $"Content-Type {request.ContentType ?? "(none)"}: send multipart/form-data with field \"file\", text/csv, or {StockSheetWriter.ContentType}");

        var buffer = new FileStream(Path.Combine(Path.GetTempPath(), Path.GetRandomFileName()), FileMode.CreateNew, FileAccess.ReadWrite,
            FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            await request.Body.CopyToAsync(buffer, ct);
            buffer.Position = 0;
            return await FromAsync(buffer, request.ContentType, ct);
        }
        catch
        {
            await buffer.DisposeAsync();
            throw;
        }
    }

    private static async Task<StockSheetUpload> FromAsync(Stream content, string? contentType, CancellationToken ct)
    {
        var head = new byte[4];
        var read = await content.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
        content.Position = 0;
        if (read == 0)
        {
            await content.DisposeAsync();
            throw new SheetUnreadableException("SHEET_EMPTY", "the upload is empty");
        }
        if (head is [0xD0, 0xCF, 0x11, 0xE0])
        {
            await content.DisposeAsync();
            throw new SheetUnreadableException("XLS_NOT_SUPPORTED", "an Excel 97-2003 .xls workbook: save it as .xlsx (or CSV) and send it again");
        }
        MediaTypeHeaderValue.TryParse(contentType, out var type);
        return new StockSheetUpload(content, head is [0x50, 0x4B, 0x03, 0x04], type?.Charset.Value?.Trim('"'));
    }

    /// <summary>Streams the sheet into its normalized CSV; <see cref="SheetUnreadableException"/> if it cannot be read.</summary>
    public NormalizedStockSheet Normalize()
    {
        if (IsXlsx)
        {
            using var workbook = XlsxSheetReader.Open(_content);
            try
            {
                return StockSheetNormalizer.Normalize(workbook.Rows(), workbook.Date1904);
            }
            catch (Exception e) when (e is System.Xml.XmlException or InvalidDataException or FileFormatException)
            {
                throw new SheetUnreadableException("SHEET_UNREADABLE", $"the worksheet cannot be read: {e.Message}");
            }
        }

        // A BOM wins; then a declared charset; then UTF-8 if every byte is UTF-8, else GB18030 (Excel's "CSV" here).
        Encoding[] encodings;
        try { encodings = _charset is null ? [CsvSheet.StrictUtf8, CsvSheet.Gb18030] : [Encoding.GetEncoding(_charset)]; }
        catch (ArgumentException) { throw new SheetUnreadableException("CHARSET_UNSUPPORTED", $"charset {_charset} is not known"); }
        for (var i = 0; ; i++)
        {
            _content.Position = 0;
            try
            {
                using var text = new StreamReader(_content, encodings[i], detectEncodingFromByteOrderMarks: true, leaveOpen: true);
                return StockSheetNormalizer.Normalize(CsvSheet.Read(text));
            }
            catch (DecoderFallbackException) when (i + 1 < encodings.Length)
            {
                // not this encoding: read again with the next
            }
            catch (DecoderFallbackException)
            {
                throw new SheetUnreadableException("SHEET_UNREADABLE", "the CSV is neither UTF-8 nor GB18030 text");
            }
        }
    }

    public ValueTask DisposeAsync() => _content.DisposeAsync();
}
