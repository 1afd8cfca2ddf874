using System.Text.Json.Serialization;

namespace EarTagTrace.Hub.ApiDescription;

/// <summary>
/// How the API description shows the answer envelope of the partner adapter endpoints (written by the adapters'
/// PartnerEnvelope): <c>{code:0,msg:"ok",hubId}</c>, or <c>{code:&lt;4-digit&gt;,msg,reasons:[…]}</c> with HTTP 4xx.
/// </summary>
public sealed record PartnerAnswer(
    [property: JsonPropertyName("code")] int Code,
    [property: JsonPropertyName("msg")] string Msg,
    [property: JsonPropertyName("hubId")] string? HubId,
    [property: JsonPropertyName("reasons")] IReadOnlyList<PartnerAnswerReason>? Reasons,
    // 检疫申报 only: accepted or rejected, shown to the farmer at once.
    [property: JsonPropertyName("jg")] string? Jg,
    [property: JsonPropertyName("summary")] object? Summary);

/// <summary>One reason a partner message was refused: a reason code, what is wrong, where, and the tags it names.</summary>
public sealed record PartnerAnswerReason(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("detail")] string Detail,
    [property: JsonPropertyName("path")] string? Path,
    [property: JsonPropertyName("tags")] IReadOnlyList<string>? Tags);
