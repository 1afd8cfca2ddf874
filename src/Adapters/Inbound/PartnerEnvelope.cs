using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace EarTagTrace.Adapters.Inbound;

/// <summary>
/// The answer envelope the registry and 动监e通 expect: <c>{code:0,msg:"ok",hubId}</c> or
/// <c>{code:&lt;4-digit&gt;,msg,reasons:[…]}</c> with HTTP 4xx.
/// </summary>
public static class PartnerEnvelope
{
    public const int BadRequest = 4001;
    public const int Unauthorized = 4010;
    public const int RuleRefused = 4220;
    public const int HubFailure = 5000;

    public static IResult From(InboundOutcome outcome)
    {
        var hubId = outcome.JournalId > 0 ? outcome.JournalId.ToString() : null;
        var reasons = outcome.Reasons.Count == 0
            ? null
            : outcome.Reasons.Select(r => new PartnerReason(r.Code, r.Detail, r.Path, r.Tags)).ToList();
        var (status, code, msg) = outcome.Verdict switch
        {
            InboundVerdict.Accepted => (StatusCodes.Status200OK, 0, "ok"),
            InboundVerdict.Malformed => (StatusCodes.Status400BadRequest, BadRequest, "报文不符合接口规范 message does not match the contract"),
            InboundVerdict.Unauthorized => (StatusCodes.Status401Unauthorized, Unauthorized, "签名校验失败 signature check failed"),
            InboundVerdict.Failed => (StatusCodes.Status500InternalServerError, HubFailure, "枢纽处理失败，已记录待重放 hub failed; journaled for replay"),
            _ => (StatusCodes.Status422UnprocessableEntity, RuleRefused, "业务规则校验未通过 refused by a business rule"),
        };
        var body = new Dictionary<string, object?> { ["code"] = code, ["msg"] = msg };
        if (hubId is not null) body["hubId"] = hubId;
        if (reasons is not null) body["reasons"] = reasons;
        if (outcome.Extra is not null)
            foreach (var (k, v) in outcome.Extra) body[k] = v;
        return Results.Json(body, statusCode: status);
    }
}

public sealed record PartnerReason(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("detail")] string Detail,
    [property: JsonPropertyName("path")] string? Path,
    [property: JsonPropertyName("tags")] IReadOnlyList<string>? Tags);
