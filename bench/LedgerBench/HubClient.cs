using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace EarTagTrace.Bench.Ledger;

/// <summary>
/// HTTP to the hub as 动监e通 would send it: signed pushes (HMAC-SHA256 of appKey + timestamp + METHOD + path + body,
/// docs/partners.md, 动监e通, the bench's own code), plain GETs, and unsigned posts to the bare-insert baseline.
/// </summary>
public sealed class HubClient : IDisposable
{
    public const string BarePath = "/bench/bare-insert";

    private static readonly MediaTypeHeaderValue Json = MediaTypeHeaderValue.Parse("application/json; charset=utf-8");
    private readonly HttpClient _http;
    private readonly byte[] _secret;
    private readonly string _appKey;
    private AuthenticationHeaderValue? _staff;

    public HubClient(Uri hub, string appKey, string secret)
    {
        _http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 512,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
        })
        {
            BaseAddress = hub,
            Timeout = TimeSpan.FromMinutes(30), // the stock sheet import is one long request
        };
        _appKey = appKey;
        _secret = Encoding.UTF8.GetBytes(secret);
    }

    /// <summary>A signed 动监e通 push; the answer's code (0 = accepted) and its JSON.</summary>
    public async Task<(int Status, JsonElement Answer)> PushAsync(string path, byte[] body, CancellationToken ct)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var prefix = Encoding.UTF8.GetBytes(_appKey + timestamp + "POST" + path);
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed, prefix.Length);
        var sign = Convert.ToHexStringLower(HMACSHA256.HashData(_secret, signed));
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Content(body) };
        request.Headers.Add("appKey", _appKey);
        request.Headers.Add("timestamp", timestamp);
        request.Headers.Add("sign", sign);
        return await SendAsync(request, ct);
    }

    public async Task<(int Status, JsonElement Answer)> PostBareAsync(byte[] body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, BarePath) { Content = Content(body) };
        return await SendAsync(request, ct);
    }

    /// <summary>
    /// Signs in as a staff account and sends its bearer token with every later call: the staff API (trace, stock
    /// sheet) answers 401 without one. Pushes and the bare endpoint go without it, as a partner's calls do.
    /// </summary>
    public async Task<bool> SignInAsync(string userName, string password, CancellationToken ct)
    {
        using var login = await _http.PostAsync("/api/auth/login",
            Content(JsonSerializer.SerializeToUtf8Bytes(new { username = userName, password })), ct);
        if (!login.IsSuccessStatusCode) return false;
        using var answer = JsonDocument.Parse(await login.Content.ReadAsByteArrayAsync(ct));
        _staff = new AuthenticationHeaderValue("Bearer", answer.RootElement.GetProperty("accessToken").GetString());
        return true;
    }

    public async Task<int> GetAsync(string path, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = _staff;
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
        return (int)response.StatusCode;
    }

    /// <summary>A staff call as the caller built it, with the signed-in account's token.</summary>
    public Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage request, CancellationToken ct)
    {
        request.Headers.Authorization ??= _staff;
        return _http.SendAsync(request, ct);
    }

    private async Task<(int, JsonElement)> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        using var response = await _http.SendAsync(request, ct);
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);
        JsonElement answer;
        try
        {
            answer = bytes.Length == 0 ? default : JsonSerializer.Deserialize<JsonElement>(bytes);
        }
        catch (JsonException)
        {
            answer = JsonSerializer.SerializeToElement(Encoding.UTF8.GetString(bytes));
        }
        return ((int)response.StatusCode, answer);
    }

    private static ByteArrayContent Content(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = Json;
        return content;
    }

    public void Dispose() => _http.Dispose();
}
