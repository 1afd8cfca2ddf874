using EarTagTrace.Hub.Imports;

namespace EarTagTrace.Hub.Features.Origin;

/// <summary>
/// The 采集表 template and the region report as .xlsx, through <see cref="SheetWriter"/>: code and phone columns are
/// text, or a 12-digit village code or an 11-digit phone would turn into 3.50524E+11.
/// </summary>
public static class OriginSheetWriter
{
    public const string ContentType = OriginSheetReader.ContentType;
    public const string TemplateFileName = "重点农产品产地溯源信息采集表.xlsx";
    public const string SheetName = "产地溯源信息采集表";

    private const string HeaderFill = "FFE2EFDA";

    /// <summary>The template's example row: its first cell carries the 示例 mark, so an untouched template imports nothing.</summary>
    public static readonly object?[] Example =
    [
        "示例：安溪县凤城镇绿源蔬菜专业合作社", "农民专业合作社", "陈志明", "13905951234", "豇豆", 12.5m, "亩",
        "福建省泉州市安溪县凤城镇新康村后洋基地3号地块", "350524100201", 118.186523m, 25.055412m, "2023-04-20", "2023-07-15",
        "露地", "承诺达标合格证、电子追溯码", "A", "林美华", "13805958765", "王丽", "0595-68792206", "2023-02-10 10:30:00", "3",
    ];

    public static readonly string[] Notes =
    [
        "重点农产品产地溯源信息采集表（附件1）填写说明",
        "1. 每个基地或地块、每个产品一行；同一主体有多个基地或同一基地有多个地块，分别填写（通知 三(三)）。同一地址有多个地块的，填写“地块编号”；不填则以点位经纬度区分地块。",
        "2. 种植业产品一年多茬的，每茬一行，以预计上市时间区分茬次；畜产品每月更新一次。",
        "3. 主体类型：农产品生产企业、农民专业合作社、家庭农场、农户（单选）。",
        "4. 产品名称：豇豆、韭菜、芹菜、鸡蛋、乌鸡、肉牛、肉羊、生猪；规模单位：亩、头、只（可空，按产品自动确定）。",
        "5. 行政区划代码：9 位乡镇代码或 12 位村级代码。经度、纬度可先空，现场走访后再逐个完善点位。",
        "6. 生产方式：露地、设施；追溯方式可多选，以“、”“,”或“;”分隔：承诺达标合格证、电子追溯码、电子耳标、动物检疫合格证、包装标识、其他。",
        "7. 日期格式 yyyy-MM-dd，采集时间 yyyy-MM-dd HH:mm:ss（北京时间）；采集时间空则为导入时间。",
        "8. 可另加列“产地收购商”（是/否）与“养殖场编码”（生猪、肉牛、肉羊关联备案养殖场，空白单元格按养殖场信息补全）。",
        "9. 第一列以“示例”或“#”开头的行不导入；任一行有误，整表不导入，并返回逐行报告（行号、列名、原因代码、说明）。",
        "10. 导入：POST /api/origin/import，上传本文件（.xlsx）或相同列的 CSV（UTF-8 或 GB18030）；超过 5,000 行在后台导入，进度见 GET /api/imports/{id}。",
    ];

    public static byte[] Template()
    {
        using var buffer = new MemoryStream();
        var columns = OriginColumns.Template;
        Write(buffer, [new SheetTab(SheetName, columns.Select(c => c.Header).ToList(), columns.Select(c => c.Width).ToList(),
            columns.Select(c => c.Text).ToList(), [Example], FirstRowIsExample: true)], Notes);
        return buffer.ToArray();
    }

    public static void Write(Stream stream, IReadOnlyList<SheetTab> sheets, IReadOnlyList<string>? notes = null) =>
        SheetWriter.Write(stream, HeaderFill, sheets, notes);
}
