namespace EarTagTrace.Simulator;

/// <summary>"--name value" options after an optional verb; unknown options are an error, not silently ignored.</summary>
internal sealed class CommandLine
{
    private readonly Dictionary<string, string> _values = new(StringComparer.OrdinalIgnoreCase);

    public CommandLine(string[] args, string defaultVerb)
    {
        var start = 0;
        Verb = defaultVerb;
        if (args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal))
        {
            Verb = args[0];
            start = 1;
        }
        for (var i = start; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
                throw new ArgumentException($"expected '--option value', got '{args[i]}'");
            _values[args[i][2..]] = args[++i];
        }
    }

    public string Verb { get; }

    public string String(string name, string fallback) => _values.Remove(name, out var value) ? value : fallback;

    public int Int(string name, int fallback)
    {
        if (!_values.Remove(name, out var value))
            return fallback;
        return int.TryParse(value, out var parsed) ? parsed : throw new ArgumentException($"--{name} must be an integer, got '{value}'");
    }

    /// <summary>Call after reading every option: what is left was mistyped.</summary>
    public void EnsureAllRead()
    {
        if (_values.Count > 0)
            throw new ArgumentException("unknown option(s): " + string.Join(", ", _values.Keys.Select(k => "--" + k)));
    }
}
