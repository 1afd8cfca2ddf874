using System.Text;

namespace EarTagTrace.Bench;

/// <summary>Two-column figure table printed to the console and kept in bench/results/.</summary>
public sealed class ResultTable(string title)
{
    private readonly List<(string Name, string Value)> _rows = [];

    public void Add(string name, string value) => _rows.Add((name, value));

    public override string ToString()
    {
        var width = _rows.Count == 0 ? 10 : _rows.Max(r => r.Name.Length) + 2;
        var text = new StringBuilder().AppendLine(title).AppendLine(new string('-', Math.Max(title.Length, width + 20)));
        foreach (var (name, value) in _rows)
            text.Append(name.PadRight(width)).AppendLine(value);
        return text.ToString();
    }

    /// <summary>Writes bench/results/&lt;timestamp&gt;.txt next to the project and returns its path.</summary>
    public string Save(DateTimeOffset at)
    {
        var dir = BenchResults.Directory();
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, at.UtcDateTime.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture) + ".txt");
        File.WriteAllText(path, ToString());
        return path;
    }
}
