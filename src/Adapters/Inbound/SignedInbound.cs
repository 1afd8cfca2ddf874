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
    /// <param name="rule">Picks the route's rule from the partner's rule set, which the hub registers.</param>
    public static async Task<IResult> HandleAsync<TRules>(HttpContext http, Func<TRules, IInboundRule> rule)
        where TRules : notnull
    {
        var ct = http.RequestAborted;
        var services = http.RequestServices;
        var bound = rule(services.GetRequiredService<TRules>());
        var (partner, type) = (bound.Source, bound.Type);
        var time = services.GetRequiredService<TimeProvider>();
        var received = time.GetUtcNow();

        // The partner signs the bytes it sends, so the signature is checked over those bytes, before any decoding.
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, ct);
        var bytes = buffer.ToArray();

        var headers = http.Request.Headers;
        string? appKey = headers["appKey"], timestamp = headers["timestamp"], sign = headers["sign"];
        var credentials = services.GetRequiredService<IPartnerCredentials>();
        var secret = string.IsNullOrEmpty(appKey) ? null : await credentials.SecretForAsync(partner, appKey, ct);
        var check = services.GetRequiredService<SignatureVerifier>().Verify(
            appKey, timestamp, sign, http.Request.Method,
            RawTarget(http), bytes, _ => secret);

        var (body, bodyRefusal) = Decode(bytes, http.Request.ContentType);
        var message = new InboundMessage(partner, type, body, received)
        {
            AppKey = appKey,
            TransportRefusal = check.IsValid ? null : [new InboundReason(check.ReasonCode!, check.Message)],
            BodyRefusal = bodyRefusal,
        };
        var outcome = await bound.ApplyAsync(message, ct);
        return PartnerEnvelope.From(outcome);
    }

    public const string BodyNotUtf8 = "BODY_NOT_UTF8";
    public const string ContentTypeUnsupported = "CONTENT_TYPE_UNSUPPORTED";

    private static readonly System.Text.UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// The body as text, and why it cannot be a message: bytes that are not UTF-8 (decoding them would silently turn
    /// them into U+FFFD and store that), or a Content-Type that says it is not JSON. No Content-Type at all is let
    /// through, as partners have always been able to send it that way.
    /// </summary>
    private static (string Body, IReadOnlyList<InboundReason>? Refusal) Decode(byte[] bytes, string? contentType)
    {
        string body;
        try
        {
            body = StrictUtf8.GetString(bytes);
        }
        catch (System.Text.DecoderFallbackException e)
        {
            return (System.Text.Encoding.UTF8.GetString(bytes),
                [new InboundReason(BodyNotUtf8, $"the body is not UTF-8 text (byte {e.Index} of {bytes.Length} is invalid); send JSON in UTF-8")]);
        }
        if (!string.IsNullOrWhiteSpace(contentType)
            && !(Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media)
                 && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                     || media.MediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase))))
            return (body, [new InboundReason(ContentTypeUnsupported, $"Content-Type {contentType}: send the message as application/json")]);
        return (body, null);
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
