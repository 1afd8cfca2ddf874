using System.Text;

namespace EarTagTrace.Hub.Imports;

/// <summary>
/// RFC 4180 CSV, read record by record (quoted fields may hold commas, quotes and line breaks) and written back for the
/// normalized message. Row numbers count records, header = 1, as a spreadsheet shows the file.
/// </summary>
public static class CsvSheet
{
    static CsvSheet() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>Strict UTF-8: a byte that is not UTF-8 throws, so the caller can try GB18030 instead.</summary>
    public static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// What "CSV (逗号分隔)" from a Chinese Excel is saved in; GB18030 is a superset of GBK and GB2312. Strict too, so
    /// bytes that are neither UTF-8 nor GB18030 are an unreadable file rather than a sheet of mojibake.
    /// </summary>
    public static Encoding Gb18030 => Encoding.GetEncoding("GB18030", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);

    public static IEnumerable<SheetRecord> Read(TextReader reader)
    {
        var row = 0;
        var cells = new List<SheetCell>();
        var field = new StringBuilder();
        var quoted = false;
        var atFieldStart = true;
        int c;
        while ((c = reader.Read()) != -1)
        {
            if (quoted)
            {
                if (c != '"') field.Append((char)c);
                else if (reader.Peek() == '"') { reader.Read(); field.Append('"'); }
                else quoted = false;
                continue;
            }
            switch (c)
            {
                case '"' when atFieldStart:
                    quoted = true;
                    atFieldStart = false;
                    break;
                case ',':
                    cells.Add(new SheetCell(field.ToString()));
                    field.Clear();
                    atFieldStart = true;
                    break;
                case '\r' or '\n':
                    if (c == '\r' && reader.Peek() == '\n') reader.Read();
                    cells.Add(new SheetCell(field.ToString()));
                    field.Clear();
                    atFieldStart = true;
                    yield return new SheetRecord(++row, cells);
                    cells = [];
                    break;
                case '\uFEFF' when row == 0 && cells.Count == 0 && field.Length == 0:
                    break; // a BOM the decoder left in
                default:
                    field.Append((char)c);
                    atFieldStart = false;
                    break;
            }
        }
        if (field.Length > 0 || cells.Count > 0 || quoted)
        {
            cells.Add(new SheetCell(field.ToString()));
            yield return new SheetRecord(++row, cells);
        }
    }

    /// <summary>Appends one record, quoting only the fields that need it.</summary>
    public static void AppendRecord(StringBuilder csv, IEnumerable<string?> fields)
    {
        var first = true;
        foreach (var f in fields)
        {
            if (!first) csv.Append(',');
            first = false;
            if (string.IsNullOrEmpty(f)) continue;
            if (f.AsSpan().IndexOfAny(",\"\r\n") < 0 && f.Trim().Length == f.Length) csv.Append(f);
            else csv.Append('"').Append(f.Replace("\"", "\"\"")).Append('"');
        }
        csv.Append('\n');
    }
}
