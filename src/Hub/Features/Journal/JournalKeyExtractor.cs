using System.Text;
using System.Text.Json;
using EarTagTrace.Adapters.Inbound;

namespace EarTagTrace.Hub.Features.Journal;

/// <summary>The business keys a message names, found in its raw body before (and whether or not) it is applied.</summary>
public sealed record JournalKeys(string[] Keys, (long First, long Last)[] TagRanges)
{
    public static readonly JournalKeys None = new([], []);
}

/// <summary>The pipeline's way to <see cref="JournalKeyExtractor"/>.</summary>
public sealed class JournalKeyReader : Inbound.IJournalKeyReader
{
    public (string[] Keys, (long First, long Last)[] TagRanges) Read(InboundMessage message)
    {
        var keys = JournalKeyExtractor.Extract(message.Source, message.Type, message.RawBody, () => message.Json);
        return (keys.Keys, keys.TagRanges);
    }
}

/// <summary>
/// Reads the business keys out of a raw partner body with one forward pass of <see cref="Utf8JsonReader"/>: farm codes,
/// message ids, plates, unit codes, tags and tag ranges. Pure and cheap, so the pipeline can run it on every message,
/// refused ones included (a refusal is exactly when an engineer needs to find the message). A body that stops being
/// JSON half-way (a truncated refusal) keeps what was read before the break. Keys are found by property name per
/// partner: the partners' pinyin field names do not collide inside one partner's messages.
/// </summary>
public static class JournalKeyExtractor
{
    /// <summary>Bounds the work and the row for a hostile body; real messages name far fewer (≤ 500 farms, 200 tags).</summary>
    public const int MaxKeys = 2_000;
    public const int MaxRanges = 2_000;

    private static readonly HashSet<string> RegistryKeys = ["yzcbm"];

    private static readonly HashSet<string> DjetKeys =
    [
        "yzcbm", // farm code
        "sbdh", // 申报单号 declaration
        "zmbh", // 证明编号 certificate
        "ffid", // 发放 issuance
        "zxid", // 注销 cancellation
        "bdid", // 存栏变动 stock change
        "jzid", // 现场纠正 farm correction
        "cph", // 车牌号 plate
        "djdw", "ffdw", "jsdw", // registrar, issuer, receiver: county, township, farm or worker codes
    ];

    public static JournalKeys Extract(string source, string type, string rawBody) => Extract(source, type, rawBody, static () => null);

    /// <summary>
    /// The keys of a body, read from <paramref name="parsed"/>'s document when the hub parsed it (the pipeline's one parse
    /// per body), else with a lenient forward reader over the text, which keeps what it read before a body stops being
    /// JSON (a refusal is exactly when an engineer needs to find the message). Both feed the same rules.
    /// </summary>
    public static JournalKeys Extract(string source, string type, string rawBody, Func<JsonDocument?> parsed)
    {
        if (source == Imports.StockSheetColumns.Source) return Sheet(rawBody);
        var keys = source switch
        {
            PartnerNames.FarmRegistry => RegistryKeys,
            PartnerNames.Djet => DjetKeys,
            _ => null,
        };
        if (keys is null || string.IsNullOrEmpty(rawBody)) return JournalKeys.None;
        var collector = new KeyCollector(keys, tagsToo: source == PartnerNames.Djet);
        if (parsed() is { } document)
        {
            try
            {
                collector.Walk(document.RootElement);
            }
            catch (InvalidOperationException)
            {
                // A string that is not text (a lone surrogate escape), as the reader below: keep what came before.
            }
        }
        else collector.Read(Encoding.UTF8.GetBytes(rawBody));
        return collector.Result();
    }

    /// <summary>The key rules, fed token by token from a parsed document or a forward reader.</summary>
    private sealed class KeyCollector(HashSet<string> keyNames, bool tagsToo)
    {
        private readonly HashSet<string> _found = new(StringComparer.Ordinal);
        private readonly List<(long, long)> _tags = [];
        // The open objects' qshm/zzhm (first and last tag of a range), matched when the object closes.
        private readonly Stack<(long? First, long? Last)> _ranges = new();
        private string? _property;
        private int _inTagArray;

        public bool Full => _tags.Count > MaxRanges * 4;

        public JournalKeys Result() => new([.. _found.Order(StringComparer.Ordinal)], Merge(_tags));

        public void Read(byte[] utf8)
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            try
            {
                while (!Full && reader.Read())
                {
                    switch (reader.TokenType)
                    {
                        case JsonTokenType.PropertyName: Property(reader.GetString()); break;
                        case JsonTokenType.StartObject: StartObject(); break;
                        case JsonTokenType.EndObject: EndObject(); break;
                        case JsonTokenType.StartArray: StartArray(); break;
                        case JsonTokenType.EndArray: EndArray(); break;
                        case JsonTokenType.String: Value(reader.GetString()); break;
                        case JsonTokenType.Number: Value(Encoding.UTF8.GetString(reader.ValueSpan)); break;
                        default: Value(null); break;
                    }
                }
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException)
            {
                // Not JSON from here on, or a string that is not text (a lone surrogate escape): keep what came before.
            }
        }

        public void Walk(JsonElement element)
        {
            if (Full) return;
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    StartObject();
                    foreach (var p in element.EnumerateObject())
                    {
                        Property(p.Name);
                        Walk(p.Value);
                    }
                    EndObject();
                    break;
                case JsonValueKind.Array:
                    StartArray();
                    foreach (var item in element.EnumerateArray()) Walk(item);
                    EndArray();
                    break;
                case JsonValueKind.String: Value(element.GetString()); break;
                case JsonValueKind.Number: Value(element.GetRawText()); break;
                default: Value(null); break;
            }
        }

        private void Property(string? name) => _property = name;

        private void StartObject()
        {
            _ranges.Push((null, null));
            Consumed();
        }

        private void EndObject()
        {
            if (_ranges.TryPop(out var r))
            {
                if (r.First is { } f && r.Last is { } l) _tags.Add(f <= l ? (f, l) : (l, f));
                else if ((r.First ?? r.Last) is { } one) _tags.Add((one, one));
            }
            Consumed();
        }

        private void StartArray()
        {
            // An array keeps its property name while it is open: ebh:[…] lists tags.
            if (tagsToo && _property == "ebh") _inTagArray++;
            else if (_inTagArray > 0) _inTagArray++;
        }

        private void EndArray()
        {
            if (_inTagArray > 0) _inTagArray--;
            Consumed();
        }

        private void Value(string? text)
        {
            if (text is not null)
            {
                if (_inTagArray > 0)
                {
                    if (Tag(text) is { } tag) _tags.Add((tag, tag));
                }
                else if (tagsToo && _property is "qshm" or "zzhm" && Tag(text) is { } edge && _ranges.Count > 0)
                {
                    var top = _ranges.Pop();
                    _ranges.Push(_property == "qshm" ? (edge, top.Last) : (top.First, edge));
                }
                else if (_property is not null && keyNames.Contains(_property) && Key(text) is { } key && _found.Count < MaxKeys)
                    _found.Add(key);
            }
            Consumed();
        }

        private void Consumed()
        {
            if (_inTagArray == 0) _property = null;
        }
    }

    /// <summary>
    /// 库存耳标登记表: the normalized CSV (row, registrar, box, pack, first tag, last tag, …) names registrars and ranges.
    /// Consecutive boxes merge, so a 100,000-row sheet keeps a few ranges.
    /// </summary>
    private static JournalKeys Sheet(string csv)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        var tags = new List<(long, long)>();
        using var reader = new StringReader(csv);
        foreach (var record in Imports.CsvSheet.Read(reader).Skip(1))
        {
            if (found.Count < MaxKeys && Key(record[1 + (int)Imports.StockSheetColumn.CountyCode].Text) is { } registrar) found.Add(registrar);
            var first = Tag(record[1 + (int)Imports.StockSheetColumn.FirstTag].Text);
            var last = Tag(record[1 + (int)Imports.StockSheetColumn.LastTag].Text);
            if ((first ?? last) is { } one) tags.Add((Math.Min(first ?? one, last ?? one), Math.Max(first ?? one, last ?? one)));
        }
        return new JournalKeys([.. found.Order(StringComparer.Ordinal)], Merge(tags));
    }

    private static string? Key(string? text)
    {
        var key = text?.Trim();
        return string.IsNullOrEmpty(key) || key.Length > 64 || key.Contains('\0') ? null : key;
    }

    /// <summary>An ear-tag number (15 digits) as a number, so ranges can be searched by containment.</summary>
    public static long? Tag(string? text)
    {
        if (text is not { Length: 15 }) return null;
        foreach (var c in text)
            if (c is < '0' or > '9') return null;
        return long.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Sorted, with overlapping and adjacent ranges joined: 200 consecutive tags are one range.</summary>
    private static (long, long)[] Merge(List<(long First, long Last)> tags)
    {
        if (tags.Count == 0) return [];
        tags.Sort();
        var merged = new List<(long First, long Last)>();
        var (first, last) = tags[0];
        foreach (var (f, l) in tags.Skip(1))
        {
            if (f <= last + 1) last = Math.Max(last, l);
            else
            {
                merged.Add((first, last));
                (first, last) = (f, l);
            }
        }
        merged.Add((first, last));
        return [.. merged.Take(MaxRanges)];
    }
}
