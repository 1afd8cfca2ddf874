using EarTagTrace.Adapters.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace EarTagTrace.Adapters.Inbound;

/// <summary>
/// The shared front half of every signed partner push: read the raw body once, check the signature, hand the message
/// to the hub's pipeline (refused ones too, so the journal holds every message), answer in the partner envelope.
/// </summary>
public static class SignedInbound
{
    public static async Task<IResult> HandleAsync(HttpContext http, string partner, string type)
    {
        var ct = http.RequestAborted;
        var services = http.RequestServices;
        var time = services.GetRequiredService<TimeProvider>();
        var received = time.GetUtcNow();

        using var reader = new StreamReader(http.Request.Body, System.Text.Encoding.UTF8);
        var body = await reader.ReadToEndAsync(ct);

        var headers = http.Request.Headers;
        string? appKey = headers["appKey"], timestamp = headers["timestamp"], sign = headers["sign"];
        var credentials = services.GetRequiredService<IPartnerCredentials>();
        var secret = string.IsNullOrEmpty(appKey) ? null : await credentials.SecretForAsync(partner, appKey, ct);
        var check = services.GetRequiredService<SignatureVerifier>().Verify(
            appKey, timestamp, sign, http.Request.Method,
            RawTarget(http), body, _ => secret);

        var message = new InboundMessage(partner, type, body, received)
        {
            AppKey = appKey,
            TransportRefusal = check.IsValid ? null : [new InboundReason(check.ReasonCode!, check.Message)],
        };
        var outcome = await services.GetRequiredService<IInboundPipeline>().HandleAsync(message, ct);
        return PartnerEnvelope.From(outcome);
    }

    /// <summary>The request target exactly as sent (still percent-encoded): that is what the partner signed.</summary>
    private static string RawTarget(HttpContext http)
    {
        var raw = http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget;
        // Kestrel gives the target as sent; other servers (the test server) may leave it empty or absolute.
        if (!string.IsNullOrEmpty(raw) && raw.StartsWith('/')) return raw;
        return http.Request.PathBase.ToString() + http.Request.Path.ToString() + http.Request.QueryString.ToString();
    }
}
