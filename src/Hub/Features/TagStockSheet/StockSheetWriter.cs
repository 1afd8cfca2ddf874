using EarTagTrace.Hub.Imports;

namespace EarTagTrace.Hub.Features.TagStockSheet;

/// <summary>
/// Writes 库存耳标登记表 as .xlsx through <see cref="SheetWriter"/>: the template (header + a marked example row + a
/// sheet of instructions), or a filled sheet of any length (the benchmark's 100,000 rows, streamed). Code and tag
/// columns are text: typed as numbers, 15 digits become 1.22012E+14.
/// </summary>
public static class StockSheetWriter
{
    public const string ContentType = SheetWriter.ContentType;
    public const string FileName = "库存耳标登记表.xlsx";
    public const string SheetName = "库存耳标登记表";
    public const string NotesSheetName = SheetWriter.NotesSheetName;

    /// <summary>The template's row 2: its first cell carries the 示例 mark, so an untouched template imports nothing.</summary>
    public static readonly StockSheetRow Example =
        new("示例 220122", "X0001", "B01", "122012200000001", "122012200001000", 1000, "2026-05-01 09:00:00");

    private const string HeaderFill = "FFDDEBF7";

    private static readonly string[] Notes =
    [
        "库存耳标登记表 填写说明 (how to fill in the stock sheet)",
        "1. 每行登记一个号段：起始耳标号至终止耳标号（含两端），数量须等于号段内耳标数。",
        "2. 县级区划代码：6 位县级代码；乡镇登记自有库存时填 9 位乡镇代码。",
        "3. 耳标号 15 位：畜种代码 1 位（1 猪、2 牛、3 羊）+ 县级区划代码 6 位 + 顺序号 8 位；起止耳标须同一畜种、同一县。",
        "4. 区划代码、耳标号等列已设为文本格式，请勿改为数值：15 位数字会被 Excel 改写为科学计数法而丢失。",
        "5. 登记时间格式 yyyy-MM-dd HH:mm:ss（北京时间），也可填 Excel 日期时间。",
        "6. 箱号、包号必填（每个号段须登记所在箱号、包号），最长 32 个字符。",
        "7. 第一列以“示例”或“#”开头的行不导入（模板第 2 行即示例行，可直接覆盖）；空行跳过。",
        "8. 任一行有误，整表不导入，并返回逐行报告（行号、列名、原因代码、说明）。",
        "9. 导入：POST /api/tag-stock/import，上传本文件（.xlsx），或相同列的 CSV（UTF-8 或 GB18030）。",
    ];

    /// <summary>The empty template, as downloaded from GET /api/tag-stock/template.</summary>
    public static byte[] Template()
    {
        using var buffer = new MemoryStream();
        Write(buffer, [], example: true);
        return buffer.ToArray();
    }

    /// <summary>A filled sheet (header, then <paramref name="rows"/> from row 2) into a writable, seekable stream.</summary>
    public static void Write(Stream stream, IEnumerable<StockSheetRow> rows) => Write(stream, rows, example: false);

    private static void Write(Stream stream, IEnumerable<StockSheetRow> rows, bool example)
    {
        var columns = StockSheetColumns.All;
        var cells = (example ? rows.Prepend(Example) : rows)
            .Select(r => new object?[] { r.CountyCode, r.Box, r.Pack, r.FirstTag, r.LastTag, r.Count, r.RegisteredAt });
        SheetWriter.Write(stream, HeaderFill,
            [new SheetTab(SheetName, [.. columns.Select(c => c.Header)], [.. columns.Select(c => c.Width)], [.. columns.Select(c => c.Text)],
                cells, FirstRowIsExample: example)],
            Notes, notesWidth: 110);
    }
}
