using System.Net.Http.Json;
using EarTagTrace.Mappings.NationalCloud;
using Microsoft.Extensions.Options;

namespace EarTagTrace.Adapters.NationalPlatforms;

/// <summary>
/// client_credentials token of one national platform: cached until shortly before expires_in, refreshed by one
/// caller at a time so a burst of 401s costs one token request, not one per batch.
/// </summary>
public sealed class NationalTokenProvider(
    IHttpClientFactory httpClientFactory,
    IOptionsMonitor<NationalPlatformOptions> options,
    string optionsName,
    TimeProvider timeProvider) : IDisposable
{
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile CachedToken? _cached;

    /// <summary>Name of the plain HttpClient used for POST /oauth/token.</summary>
    public static string TokenClientName(string optionsName) => $"{optionsName}.token";

    /// <summary>A cached, still fresh token, or a new one.</summary>
    public async ValueTask<string> GetTokenAsync(CancellationToken cancellationToken = default)
    {
        var cached = _cached;
        if (cached is not null && timeProvider.GetUtcNow() < cached.RefreshAt)
        {
            return cached.Value;
        }
        return await RefreshAsync(cached?.Value, cancellationToken);
    }

    /// <summary>
    /// A token other than <paramref name="rejectedToken"/>: when another caller already replaced it, that one is
    /// reused; otherwise a new one is fetched.
    /// </summary>
    public async ValueTask<string> RefreshAsync(string? rejectedToken, CancellationToken cancellationToken = default)
    {
        await _refresh.WaitAsync(cancellationToken);
        try
        {
            var cached = _cached;
            if (cached is not null && cached.Value != rejectedToken && timeProvider.GetUtcNow() < cached.RefreshAt)
            {
                return cached.Value;
            }
            var fresh = await FetchAsync(cancellationToken);
            _cached = fresh;
            return fresh.Value;
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <summary>Forget the cached token; the next call fetches a new one.</summary>
    public void Invalidate() => _cached = null;

    public void Dispose() => _refresh.Dispose();

    private async Task<CachedToken> FetchAsync(CancellationToken cancellationToken)
    {
        var o = options.Get(optionsName);
        var http = httpClientFactory.CreateClient(TokenClientName(optionsName));
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = o.ClientId,
            ["client_secret"] = o.ClientSecret,
        });
        using var response = await http.PostAsync(new Uri(new Uri(o.BaseUrl), "/oauth/token"), form, cancellationToken);
        // A 5xx here surfaces as a transient HttpRequestException; a 401 (wrong secret) as a permanent one.
        response.EnsureSuccessStatusCode();
        var answer = await response.Content.ReadFromJsonAsync<NationalTokenAnswer>(EarTagTrace.Mappings.PartnerJson.Options, cancellationToken)
            ?? throw new HttpRequestException($"{optionsName}: empty answer from /oauth/token");
        if (string.IsNullOrEmpty(answer.AccessToken) || answer.ExpiresIn <= 0)
        {
            throw new HttpRequestException($"{optionsName}: /oauth/token answered without access_token or expires_in");
        }
        var lifetime = TimeSpan.FromSeconds(answer.ExpiresIn);
        var margin = TimeSpan.FromSeconds(Math.Min(o.TokenRefreshMarginSeconds, answer.ExpiresIn / 5.0));
        return new CachedToken(answer.AccessToken, timeProvider.GetUtcNow() + lifetime - margin);
    }

    private sealed record CachedToken(string Value, DateTimeOffset RefreshAt);
}
