using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace EarTagTrace.Hub.ApiDescription;

/// <summary>The refusals every staff or partner call may meet, whatever its handler, with their reason codes.</summary>
public static class ApiConventions
{
    public const string StaffBearer = "staffBearer";
    public const string PartnerAppKey = "partnerAppKey";
    public const string PartnerTimestamp = "partnerTimestamp";
    public const string PartnerSign = "partnerSign";

    public static readonly int[] PartnerStatuses = [200, 400, 401, 413, 422, 429];

    /// <summary>Reason codes the host's middleware answers with, by status, before or around any handler.</summary>
    public static readonly IReadOnlyDictionary<int, string[]> CommonReasons = new Dictionary<int, string[]>
    {
        [400] = ["PARAMETER_INVALID", "JSON_INVALID", "CONTENT_TYPE_UNSUPPORTED"],
        [401] = ["TOKEN_MISSING", "TOKEN_INVALID", "TOKEN_EXPIRED", "TOKEN_REVOKED", "AUTHORISATION_EXPIRED"],
        [403] = ["ROLE_REQUIRED"],
        [413] = ["BODY_TOO_LARGE"],
        [429] = ["RATE_LIMITED"],
    };

    /// <summary>The partner envelope's codes, by status (docs/partners.md).</summary>
    public static readonly IReadOnlyDictionary<int, string> PartnerAnswers = new Dictionary<int, string>
    {
        [200] = "Accepted: code 0, msg ok, hubId (the journal id); a declaration also carries jg accepted.",
        [400] = "code 4001: the message does not match its contract (JSON Schema in contracts/); reasons name every violation and its path.",
        [401] = "code 4010: signature check failed (SIGNATURE_MISSING, TIMESTAMP_STALE, APPKEY_UNKNOWN, SIGNATURE_INVALID).",
        [413] = "BODY_TOO_LARGE: the body is over the partner limit.",
        [422] = "code 4220: refused by a business rule; reasons hold every rule broken (a declaration: jg rejected).",
        [429] = "RATE_LIMITED: too many messages for this appKey; wait for Retry-After.",
    };

    private static readonly ConcurrentDictionary<MethodInfo, HandlerIl> Handlers = new();

    public static HandlerIl Read(MethodInfo handler) => Handlers.GetOrAdd(handler, HandlerIl.Read);

    public static bool IsAnonymous(Microsoft.AspNetCore.Mvc.ApiExplorer.ApiDescription description)
        => description.ActionDescriptor.EndpointMetadata.OfType<IAllowAnonymous>().Any()
           || !description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Any();

    /// <summary>The 4xx a staff operation can answer: its handler's, binding failures, sign-in and roles, rate limit.</summary>
    public static IEnumerable<int> ProblemStatuses(Microsoft.AspNetCore.Mvc.ApiExplorer.ApiDescription description, HandlerIl il)
    {
        var statuses = new SortedSet<int>(il.Reasons.Values.OfType<int>()) { 429 };
        if (description.ParameterDescriptions.Count > 0 || il.Reasons.Values.Any(v => v is null)) statuses.Add(400);
        if (description.ParameterDescriptions.Any(p => p.Source == BindingSource.Body || p.Source == BindingSource.Form)) statuses.Add(413);
        if (!IsAnonymous(description))
        {
            statuses.Add(401);
            statuses.Add(403);
        }
        if ((description.RelativePath ?? "").Contains('{')) statuses.Add(404);
        return statuses;
    }

    /// <summary>Every reason code a status may carry on this operation, the host's first.</summary>
    public static IReadOnlyList<string> ReasonsFor(int status, HandlerIl? il)
    {
        var codes = new List<string>(CommonReasons.GetValueOrDefault(status, []));
        if (il is not null)
        {
            codes.AddRange(il.Reasons.Where(r => r.Value == status).Select(r => r.Key));
            // A code the handler writes without a status next to it is described under 400, the most common.
            if (status == 400) codes.AddRange(il.Reasons.Where(r => r.Value is null).Select(r => r.Key));
        }
        return codes.Distinct().ToList();
    }
}
