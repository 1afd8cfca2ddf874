using EarTagTrace.Hub.Access;
using EarTagTrace.Hub.Imports;
using EarTagTrace.Hub.Persistence;

namespace EarTagTrace.Hub.Features.Traces;

/// <summary>GET /api/traces/{id}/tasks.xlsx: 追溯排查任务表, one worksheet per county, one row per place to visit.</summary>
public static class GetTraceTasksSheet
{
    public static readonly string[] Header =
        ["环节 hop", "方向 direction", "养殖场编码 farm code", "名称 name", "联系人 contact", "联系电话 phone", "地址 address", "待查头数 animals", "待查耳标号段 tag ranges"];

    private static readonly double[] Widths = [8, 10, 20, 28, 12, 16, 40, 10, 60];
    private static readonly bool[] Text = [false, true, true, true, true, true, true, false, true];
    private const string HeaderFill = "FFFBE5D6";

    public static async Task<IResult> HandleAsync(long id, HubDbContext db, StaffScope scope, CancellationToken ct)
    {
        var view = await GetTrace.LoadAsync(id, db, scope, ct);
        if (view is null) return GetTrace.NotFound(id);
        using var buffer = new MemoryStream();
        Write(buffer, view);
        return Results.File(buffer.ToArray(), SheetWriter.ContentType, $"追溯排查任务-{id}.xlsx");
    }

    /// <summary>The workbook: a sheet named for each county (code and name), or one empty sheet when nothing is to be visited.</summary>
    public static void Write(Stream stream, TraceView view)
    {
        var sheets = view.Tasks.Select(county => new SheetTab(SheetName(county), Header, Widths, Text,
            county.Visits.Select(v => new object?[]
            {
                (long)v.Hop, v.Role == "back" ? "回溯 back" : "追踪 forward", v.FarmCode, v.Name, v.Contact, v.Phone, v.Address, v.Animals, v.Ranges,
            }))).ToList();
        if (sheets.Count == 0) sheets.Add(new SheetTab("无任务", Header, Widths, Text, []));
        SheetWriter.Write(stream, HeaderFill, sheets);
    }

    /// <summary>Excel allows 31 characters and no []:*?/\ in a sheet name.</summary>
    public static string SheetName(TraceCountyTasks county)
    {
        var name = new string($"{county.CountyCode} {county.CountyName}".Where(c => !"[]:*?/\\".Contains(c)).ToArray()).Trim();
        return name.Length > 31 ? name[..31] : name;
    }
}
