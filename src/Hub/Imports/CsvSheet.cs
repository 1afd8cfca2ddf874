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

    /// <remarks>
    /// Reads the text in blocks and scans them with a small state machine (a quote, a CR/LF pair may straddle two
    /// blocks). A cell equal to the cell above it is the same string: a sheet repeats its county code and time on
    /// every row, and 100,000 rows then hold each once.
    /// </remarks>
    public static IEnumerable<SheetRecord> Read(TextReader reader)
    {
        var row = 0;
        var cells = new List<SheetCell>();
        var above = new List<string>();
        var buffer = new char[16 * 1024];
        var field = new char[256];
        var length = 0;
        var quoted = false;
        var quoteSeen = false; // inside quotes, a '"' whose meaning depends on the next character
        var skipLf = false;    // a CR ended the record: a LF right after it belongs to it
        var atFieldStart = true;
        int read;
        while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
        {
            for (var i = 0; i < read; i++)
            {
                var c = buffer[i];
                if (skipLf)
                {
                    skipLf = false;
                    if (c == '\n') continue;
                }
                if (quoted)
                {
                    if (quoteSeen)
                    {
                        quoteSeen = false;
                        if (c == '"')
                        {
                            Append(ref field, ref length, '"');
                            continue;
                        }
                        quoted = false; // the quote closed the field; this character is read as unquoted text
                    }
                    else
                    {
                        if (c == '"') quoteSeen = true;
                        else Append(ref field, ref length, c);
                        continue;
                    }
                }
                switch (c)
                {
                    case '"' when atFieldStart:
                        quoted = true;
                        atFieldStart = false;
                        break;
                    case ',':
                        cells.Add(new SheetCell(Text(field, length, above, cells.Count)));
                        length = 0;
                        atFieldStart = true;
                        break;
                    case '\r' or '\n':
                        skipLf = c == '\r';
                        cells.Add(new SheetCell(Text(field, length, above, cells.Count)));
                        length = 0;
                        atFieldStart = true;
                        yield return new SheetRecord(++row, cells);
                        cells = new List<SheetCell>(cells.Count);
                        break;
                    case '\uFEFF' when row == 0 && cells.Count == 0 && length == 0:
                        break; // a BOM the decoder left in
                    default:
                        Append(ref field, ref length, c);
                        atFieldStart = false;
                        break;
                }
            }
        }
        if (quoteSeen) quoted = false;
        if (length > 0 || cells.Count > 0 || quoted)
        {
            cells.Add(new SheetCell(Text(field, length, above, cells.Count)));
            yield return new SheetRecord(++row, cells);
        }
    }

    private static void Append(ref char[] field, ref int length, char c)
    {
        if (length == field.Length) Array.Resize(ref field, field.Length * 2);
        field[length++] = c;
    }

    /// <summary>The field's text: the string of the cell above when it is the same text.</summary>
    private static string Text(char[] field, int length, List<string> above, int column)
    {
        if (length == 0) return "";
        var text = field.AsSpan(0, length);
        if (column < above.Count)
        {
            if (text.SequenceEqual(above[column])) return above[column];
            return above[column] = new string(text);
        }
        var made = new string(text);
        if (column == above.Count && column < MaxRememberedColumns) above.Add(made);
        return made;
    }

    /// <summary>Enough for any sheet's columns; a line of 10,000 fields does not grow the list of cells above.</summary>
    private const int MaxRememberedColumns = 64;

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
