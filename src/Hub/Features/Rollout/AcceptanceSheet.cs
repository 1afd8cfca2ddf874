using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using EarTagTrace.Hub.Imports;
using EarTagTrace.Mappings.Common;
using static EarTagTrace.Hub.Features.Rollout.GetAcceptanceReport;

namespace EarTagTrace.Hub.Features.Rollout;

/// <summary>The 验收 report of a prefecture as an .xlsx: one sheet of counties, one of the plan's milestones.</summary>
public static class AcceptanceSheet
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string CountiesSheet = "验收", MilestonesSheet = "里程碑";

    public static readonly string[] Header =
    [
        "县级区划代码", "县（市、区）", "计入考核", "启用日期", "首次耳标发放", "首次检疫出证", "应用日期", "申报数", "出证数",
        "养殖场户数", "信息完整率(%)", "库存耳标已导入", "验收结论", "存在问题",
    ];

    private const uint TextStyle = 1, HeaderStyle = 2;

    public static byte[] Write(AcceptanceReport report)
    {
        using var buffer = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(buffer, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.AddNewPart<WorkbookStylesPart>().Stylesheet = SheetStyles.Create("FFE2EFDA");
            var counties = workbook.AddNewPart<WorksheetPart>();
            counties.Worksheet = Sheet(CountyRows(report), [14, 16, 10, 12, 20, 20, 12, 10, 10, 12, 14, 14, 10, 60]);
            var milestones = workbook.AddNewPart<WorksheetPart>();
            milestones.Worksheet = Sheet(MilestoneRows(report), [12, 24, 10, 10, 10, 10]);
            workbook.Workbook = new Workbook(new Sheets(
                new Sheet { Id = workbook.GetIdOfPart(counties), SheetId = 1, Name = CountiesSheet },
                new Sheet { Id = workbook.GetIdOfPart(milestones), SheetId = 2, Name = MilestonesSheet }));
        }
        return buffer.ToArray();
    }

    private static IEnumerable<(object?[] Cells, bool Header)> CountyRows(AcceptanceReport r)
    {
        yield return ([$"{r.Name}（{r.Prefecture}）耳标追溯及产地检疫信息化 应用情况验收表，数据截至 {Day(r.AsOf)}"], true);
        yield return ([$"计入考核县（市、区）{r.Counties} 个，验收通过 {r.Passed} 个；全面应用期限 {Day(r.Deadline)}，验收期限 {Day(r.AcceptanceDate)}"], false);
        yield return ([], false);
        yield return (Header, true);
        foreach (var row in r.CountyList)
        {
            var c = row.County;
            yield return ([
                c.Code, c.Name, c.CountsTowardPlan ? "是" : "否（开发区）", Day(c.Since), Time(c.FirstIssuance), Time(c.FirstCertificate),
                Day(c.InUseSince), c.Declarations, c.Certificates, c.Farms, c.CompleteShare, c.StockImported ? "是" : "否",
                row.Passed ? "通过" : "未通过", string.Join("；", row.Problems),
            ], false);
        }
    }

    private static IEnumerable<(object?[] Cells, bool Header)> MilestoneRows(AcceptanceReport r)
    {
        yield return (["期限", "要求", "需达到", "已启用", "已应用", "结论"], true);
        yield return ([Day(r.Preparation.Date), "准备阶段：养殖场户信息核对完成、库存耳标已导入", r.Preparation.Required, null,
            r.Preparation.Ready, Verdict(r.Preparation.Met, r.Preparation.Ahead)], false);
        foreach (var m in r.Milestones)
        {
            var rule = m.Rule switch
            {
                RolloutMilestones.AtLeastOne => "至少 1 个县应用新功能",
                RolloutMilestones.Half => "50% 的县应用新功能",
                RolloutMilestones.All => "全部县应用新功能",
                _ => $"{m.Share * 100:0.#}% 的县应用新功能",
            };
            yield return ([Day(m.Date), rule, m.Required, m.Enabled, m.InUse, Verdict(m.Met, m.Ahead)], false);
        }
    }

    private static string Verdict(bool met, bool ahead) => met ? "达到" : ahead ? "未到期" : "未达到";

    private static string? Day(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string? Time(DateTimeOffset? at) => at is { } t ? ChinaTime.ToText(t) : null;

    private static Worksheet Sheet(IEnumerable<(object?[] Cells, bool Header)> rows, double[] widths)
    {
        var data = new SheetData();
        var number = 0u;
        foreach (var (cells, header) in rows)
        {
            number++;
            var row = new Row { RowIndex = number };
            for (var i = 0; i < cells.Length; i++)
            {
                var reference = $"{(char)('A' + i)}{number}";
                switch (cells[i])
                {
                    case string { Length: > 0 } text:
                        row.Append(new Cell
                        {
                            CellReference = reference, StyleIndex = header ? HeaderStyle : TextStyle, DataType = CellValues.InlineString,
                            InlineString = new InlineString(new Text(text) { Space = SpaceProcessingModeValues.Preserve }),
                        });
                        break;
                    case int or decimal:
                        row.Append(new Cell
                        {
                            CellReference = reference,
                            CellValue = new CellValue(Convert.ToString(cells[i], CultureInfo.InvariantCulture)!),
                        });
                        break;
                }
            }
            data.Append(row);
        }
        return new Worksheet(
            new Columns(widths.Select((w, i) => new Column { Min = (uint)(i + 1), Max = (uint)(i + 1), Width = w, CustomWidth = true })),
            data);
    }
}
