using System.Net;
using System.Net.Http.Headers;
using EarTagTrace.Adapters.Common;
using EarTagTrace.Mappings.NationalCloud;

namespace EarTagTrace.Adapters.NationalPlatforms;

/// <summary>
/// Adds the Bearer token; when the platform says the token is no good (HTTP 401, or HTTP 200 with business code
/// 1001) it fetches a fresh one and sends the request again, once. Sits inside the resilience pipeline.
/// </summary>
public sealed class NationalAuthHandler(NationalTokenProvider tokens) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // Buffered content can be serialised to the wire twice; a streamed one could not be resent.
        if (request.Content is not null)
        {
            await request.Content.LoadIntoBufferAsync(cancellationToken);
        }

        var token = await tokens.GetTokenAsync(cancellationToken);
        var response = await SendWithTokenAsync(request, token, cancellationToken);
        if (!await IsTokenRejectedAsync(response, cancellationToken))
        {
            return response;
        }

        response.Dispose();
        var fresh = await tokens.RefreshAsync(token, cancellationToken);
        return await SendWithTokenAsync(request, fresh, cancellationToken);
    }

    private Task<HttpResponseMessage> SendWithTokenAsync(HttpRequestMessage request, string token, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return base.SendAsync(request, cancellationToken);
    }

    private static async ValueTask<bool> IsTokenRejectedAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        response.StatusCode == HttpStatusCode.Unauthorized
        || await NationalEnvelope.ReadCodeAsync(response, cancellationToken) == NationalCodes.TokenInvalid;
}
