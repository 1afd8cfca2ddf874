namespace EarTagTrace.Mappings.Canonical;

/// <summary>主体类型 entity type of a key-product producer (seed 三: exactly one).</summary>
public enum OriginEntityType
{
    /// <summary>农产品生产企业</summary>
    Enterprise = 1,
    /// <summary>农民专业合作社</summary>
    Cooperative = 2,
    /// <summary>家庭农场</summary>
    FamilyFarm = 3,
    /// <summary>农户</summary>
    Household = 4,
}

/// <summary>生产方式 production mode.</summary>
public enum ProductionMode
{
    /// <summary>露地</summary>
    OpenField = 1,
    /// <summary>设施</summary>
    Facility = 2,
}

/// <summary>追溯方式 traceability method (any of them).</summary>
public enum TraceMethod
{
    /// <summary>承诺达标合格证</summary>
    ComplianceCertificate = 1,
    /// <summary>电子追溯码</summary>
    ETraceCode = 2,
    /// <summary>电子耳标</summary>
    EEarTag = 3,
    /// <summary>动物检疫合格证</summary>
    QuarantineCertificate = 4,
    /// <summary>包装标识</summary>
    PackageLabel = 5,
    /// <summary>其他</summary>
    Other = 6,
}

/// <summary>规模单位 unit of a product's scale.</summary>
public enum ScaleUnit
{
    /// <summary>亩</summary>
    Mu = 1,
    /// <summary>头</summary>
    Head = 2,
    /// <summary>只</summary>
    Bird = 3,
}

/// <summary>快速检测 result.</summary>
public enum RapidTestResult
{
    /// <summary>合格</summary>
    Pass = 1,
    /// <summary>不合格</summary>
    Fail = 2,
}

/// <summary>
/// The Chinese words staff write in the 采集表 and read in reports, both ways. One table per vocabulary, so the sheet
/// reader, the report writer and the template's notes cannot disagree.
/// </summary>
public static class OriginVocabulary
{
    public static readonly IReadOnlyList<(OriginEntityType Value, string Chinese)> EntityTypes =
    [
        (OriginEntityType.Enterprise, "农产品生产企业"),
        (OriginEntityType.Cooperative, "农民专业合作社"),
        (OriginEntityType.FamilyFarm, "家庭农场"),
        (OriginEntityType.Household, "农户"),
    ];

    public static readonly IReadOnlyList<(ProductionMode Value, string Chinese)> ProductionModes =
    [
        (ProductionMode.OpenField, "露地"),
        (ProductionMode.Facility, "设施"),
    ];

    public static readonly IReadOnlyList<(TraceMethod Value, string Chinese)> TraceMethods =
    [
        (TraceMethod.ComplianceCertificate, "承诺达标合格证"),
        (TraceMethod.ETraceCode, "电子追溯码"),
        (TraceMethod.EEarTag, "电子耳标"),
        (TraceMethod.QuarantineCertificate, "动物检疫合格证"),
        (TraceMethod.PackageLabel, "包装标识"),
        (TraceMethod.Other, "其他"),
    ];

    public static readonly IReadOnlyList<(ScaleUnit Value, string Chinese)> Units =
    [
        (ScaleUnit.Mu, "亩"),
        (ScaleUnit.Head, "头"),
        (ScaleUnit.Bird, "只"),
    ];

    public static readonly IReadOnlyList<(RapidTestResult Value, string Chinese)> RapidTestResults =
    [
        (RapidTestResult.Pass, "合格"),
        (RapidTestResult.Fail, "不合格"),
    ];

    /// <summary>Separators staff use between several 追溯方式 in one cell.</summary>
    public static readonly char[] ListSeparators = ['、', ',', '，', ';', '；'];

    public static string Chinese<T>(IReadOnlyList<(T Value, string Chinese)> table, T value) where T : struct, Enum =>
        table.First(e => EqualityComparer<T>.Default.Equals(e.Value, value)).Chinese;

    /// <summary>The Chinese word, or the English name of the value (camelCase or not), to the value.</summary>
    public static bool TryParse<T>(IReadOnlyList<(T Value, string Chinese)> table, string? text, out T value) where T : struct, Enum
    {
        value = default;
        var t = text?.Trim();
        if (string.IsNullOrEmpty(t)) return false;
        foreach (var (v, chinese) in table)
        {
            if (t == chinese || string.Equals(t.Replace("-", "").Replace("_", ""), v.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                value = v;
                return true;
            }
        }
        return false;
    }
}
