using System.ComponentModel.DataAnnotations;

namespace EarTagTrace.Hub.Features.Origin;

/// <summary>Settings "Origin": collection deadlines per product and year, the sheet's synchronous limit, the overdue job.</summary>
public sealed class OriginOptions
{
    public const string Section = "Origin";

    /// <summary>
    /// 报送/上传期限: by when a year's data must be collected and uploaded. Product "*" stands for every product without
    /// a line of its own (2023: cowpea by 02-17 / 02-25, the others by 03-15 / 03-25, seed 六).
    /// </summary>
    public List<OriginDeadline> Deadlines { get; set; } = [];

    /// <summary>
    /// Counties doing origin collection (安溪县 350524 by default) besides any county that has an origin entity already:
    /// their townships and registry farms count as overdue when nothing of theirs was collected.
    /// </summary>
    public List<string> Counties { get; set; } = [];

    /// <summary>Online checks 线上巡查: how far (km) a point may lie from the centre of its township's other points.</summary>
    [Range(0.1, 1000)]
    public double CheckTownshipRadiusKm { get; set; } = 20;

    /// <summary>Online checks: the share by which a livestock scale may differ from the registry farm's stock.</summary>
    [Range(0, 10)]
    public decimal CheckScaleTolerance { get; set; } = 0.2m;

    /// <summary>整改期限: days a township has to fix or explain a correction.</summary>
    [Range(1, 365)]
    public int CorrectionDays { get; set; } = 7;

    /// <summary>Minutes between runs of the overdue job (which runs the online checks over every record first); 0 runs it only on demand.</summary>
    [Range(0, 10_080)]
    public int OverdueIntervalMinutes { get; set; } = 1_440;

    public OriginDeadline? DeadlineFor(string productCode, int year) =>
        Deadlines.FirstOrDefault(d => d.Year == year && d.Product == productCode)
        ?? Deadlines.FirstOrDefault(d => d.Year == year && d.Product == "*");
}

public sealed class OriginDeadline
{
    public int Year { get; set; }
    /// <summary>A product code, or "*".</summary>
    public string Product { get; set; } = "*";
    /// <summary>报送 collected by (inclusive, China date).</summary>
    public DateOnly CollectBy { get; set; }
    /// <summary>上传录入 uploaded to the national platform by (inclusive, China date).</summary>
    public DateOnly UploadBy { get; set; }
}
