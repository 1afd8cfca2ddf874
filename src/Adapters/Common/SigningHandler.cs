namespace EarTagTrace.Adapters.Common;

/// <summary>Signs every outbound request with the partner scheme; sits inside the retry so each attempt gets a fresh timestamp.</summary>
public sealed class SigningHandler(string appKey, string secret, TimeProvider timeProvider) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // ReadAsStringAsync buffers the content, so the bytes signed are the bytes sent, also on a retry.
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        var timestampMs = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var pathAndQuery = request.RequestUri?.PathAndQuery
            ?? throw new InvalidOperationException("a signed request needs a request URI");
        var sign = PartnerSignature.Sign(secret, appKey, timestampMs, request.Method.Method, pathAndQuery, body);

        request.Headers.Remove(PartnerSignature.AppKeyHeader);
        request.Headers.Remove(PartnerSignature.TimestampHeader);
        request.Headers.Remove(PartnerSignature.SignHeader);
        request.Headers.TryAddWithoutValidation(PartnerSignature.AppKeyHeader, appKey);
        request.Headers.TryAddWithoutValidation(PartnerSignature.TimestampHeader,
            timestampMs.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation(PartnerSignature.SignHeader, sign);
        return await base.SendAsync(request, cancellationToken);
    }
}
