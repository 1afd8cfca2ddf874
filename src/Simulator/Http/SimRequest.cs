using System.Collections.Specialized;
using System.Text;
using System.Web;
using WireMock;

namespace EarTagTrace.Simulator.Http;

/// <summary>The parts of a WireMock request the simulators read, with case-insensitive headers and a decoded query.</summary>
public sealed class SimRequest
{
    private readonly IRequestMessage _message;

    public SimRequest(IRequestMessage message)
    {
        _message = message;
        Method = message.Method.ToUpperInvariant();
        Path = message.Path;
        var raw = message.RawQuery ?? "";
        if (raw.Length > 0 && raw[0] != '?')
            raw = "?" + raw;
        // Signatures cover the path and query as they were sent on the wire, not a re-encoded form.
        PathAndQuery = Path + raw;
        Query = HttpUtility.ParseQueryString(raw);
        Body = message.BodyAsBytes is { } bytes ? Encoding.UTF8.GetString(bytes) : message.Body ?? "";
    }

    public string Method { get; }
    public string Path { get; }
    public string PathAndQuery { get; }
    public NameValueCollection Query { get; }
    public string Body { get; }

    public string? Header(string name)
    {
        if (_message.Headers is null)
            return null;
        foreach (var (key, values) in _message.Headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
                return values.Count > 0 ? values[0] : null;
        }
        return null;
    }
}
