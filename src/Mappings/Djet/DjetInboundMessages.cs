using System.Text.Json.Serialization;

namespace EarTagTrace.Mappings.Djet;

// The 动监e通 pushes exactly as 动监e通 writes them (docs/partners.md, 动监e通; contracts/djet/*.schema.json).
// Every property is nullable: the schema has already said what is missing, and reading the rest anyway lets the
// mapping name every other problem of the message in the same answer.

/// <summary>库存耳标登记表 POST /adapters/djet/tag-stock.</summary>
internal sealed record DjetTagStockMessage
{
    [JsonPropertyName("djdw")] public string? Djdw { get; init; }
    [JsonPropertyName("rows")] public IReadOnlyList<DjetStockRow?>? Rows { get; init; }
}

internal sealed record DjetStockRow
{
    [JsonPropertyName("xh")] public string? Xh { get; init; }
    [JsonPropertyName("bh")] public string? Bh { get; init; }
    [JsonPropertyName("qshm")] public string? Qshm { get; init; }
    [JsonPropertyName("zzhm")] public string? Zzhm { get; init; }
    [JsonPropertyName("sl")] public long? Sl { get; init; }
    [JsonPropertyName("djsj")] public string? Djsj { get; init; }
}

/// <summary>一次/二次发放 POST /adapters/djet/tag-issuances.</summary>
internal sealed record DjetIssuanceMessage
{
    [JsonPropertyName("ffid")] public string? Ffid { get; init; }
    [JsonPropertyName("fflx")] public string? Fflx { get; init; }
    [JsonPropertyName("ffdw")] public string? Ffdw { get; init; }
    [JsonPropertyName("jsdw")] public string? Jsdw { get; init; }
    [JsonPropertyName("jslx")] public string? Jslx { get; init; }
    [JsonPropertyName("hd")] public IReadOnlyList<DjetRange?>? Hd { get; init; }
    [JsonPropertyName("ffsj")] public string? Ffsj { get; init; }
}

internal sealed record DjetRange
{
    [JsonPropertyName("qshm")] public string? Qshm { get; init; }
    [JsonPropertyName("zzhm")] public string? Zzhm { get; init; }
}

/// <summary>注销 POST /adapters/djet/tag-cancellations.</summary>
internal sealed record DjetCancellationMessage
{
    [JsonPropertyName("zxid")] public string? Zxid { get; init; }
    [JsonPropertyName("ebh")] public IReadOnlyList<string?>? Ebh { get; init; }
    [JsonPropertyName("yy")] public string? Yy { get; init; }
    [JsonPropertyName("zxsj")] public string? Zxsj { get; init; }
}

/// <summary>检疫申报 POST /adapters/djet/declarations.</summary>
internal sealed record DjetDeclarationMessage
{
    [JsonPropertyName("sbdh")] public string? Sbdh { get; init; }
    [JsonPropertyName("yzcbm")] public string? Yzcbm { get; init; }
    [JsonPropertyName("ewm")] public string? Ewm { get; init; }
    [JsonPropertyName("xmdm")] public string? Xmdm { get; init; }
    [JsonPropertyName("sl")] public int? Sl { get; init; }
    [JsonPropertyName("ddd")] public DjetPlace? Ddd { get; init; }
    [JsonPropertyName("yt")] public string? Yt { get; init; }
    [JsonPropertyName("ebh")] public IReadOnlyList<string?>? Ebh { get; init; }
    [JsonPropertyName("sbsj")] public string? Sbsj { get; init; }
}

/// <summary>产地检疫合格证明 POST /adapters/djet/certificates.</summary>
internal sealed record DjetCertificateMessage
{
    [JsonPropertyName("zmbh")] public string? Zmbh { get; init; }
    [JsonPropertyName("zmlx")] public string? Zmlx { get; init; }
    [JsonPropertyName("sbdh")] public string? Sbdh { get; init; }
    [JsonPropertyName("yzcbm")] public string? Yzcbm { get; init; }
    [JsonPropertyName("xmdm")] public string? Xmdm { get; init; }
    [JsonPropertyName("sl")] public int? Sl { get; init; }
    [JsonPropertyName("ebh")] public IReadOnlyList<string?>? Ebh { get; init; }
    [JsonPropertyName("qydd")] public DjetPlace? Qydd { get; init; }
    [JsonPropertyName("ddd")] public DjetPlace? Ddd { get; init; }
    /// <summary>到达地养殖场编码 the destination farm's registry code, when the destination is a registered farm.</summary>
    [JsonPropertyName("dddyzcbm")] public string? Dddyzcbm { get; init; }
    [JsonPropertyName("cyr")] public string? Cyr { get; init; }
    [JsonPropertyName("cph")] public string? Cph { get; init; }
    [JsonPropertyName("gfsy")] public string? Gfsy { get; init; }
    [JsonPropertyName("qfsj")] public string? Qfsj { get; init; }
    [JsonPropertyName("yxts")] public int? Yxts { get; init; }
}

/// <summary>存栏变动 POST /adapters/djet/stock-changes.</summary>
internal sealed record DjetStockChangeMessage
{
    [JsonPropertyName("bdid")] public string? Bdid { get; init; }
    [JsonPropertyName("yzcbm")] public string? Yzcbm { get; init; }
    [JsonPropertyName("xmdm")] public string? Xmdm { get; init; }
    [JsonPropertyName("bdlx")] public string? Bdlx { get; init; }
    [JsonPropertyName("sl")] public int? Sl { get; init; }
    [JsonPropertyName("bdsj")] public string? Bdsj { get; init; }
}

/// <summary>A place {xzqhdm, dz}: 启运地点 origin or 到达地点 destination.</summary>
internal sealed record DjetPlace
{
    [JsonPropertyName("xzqhdm")] public string? Xzqhdm { get; init; }
    [JsonPropertyName("dz")] public string? Dz { get; init; }
}
