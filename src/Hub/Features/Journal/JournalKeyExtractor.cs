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
    public (string[] Keys, (long First, long Last)[] TagRanges) Read(string source, string type, string rawBody)
    {
        var keys = JournalKeyExtractor.Extract(source, type, rawBody);
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

    public static JournalKeys Extract(string source, string type, string rawBody)
    {
        if (source == Imports.StockSheetColumns.Source) return Sheet(rawBody);
        var keys = source switch
        {
            PartnerNames.FarmRegistry => RegistryKeys,
            PartnerNames.Djet => DjetKeys,
            _ => null,
        };
        if (keys is null || string.IsNullOrEmpty(rawBody)) return JournalKeys.None;
        return Read(Encoding.UTF8.GetBytes(rawBody), keys, tagsToo: source == PartnerNames.Djet);
    }

    private static JournalKeys Read(byte[] utf8, HashSet<string> keyNames, bool tagsToo)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        var tags = new List<(long, long)>();
        // The open objects' qshm/zzhm (first and last tag of a range), matched when the object closes.
        var ranges = new Stack<(long? First, long? Last)>();
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        string? property = null;
        var inTagArray = 0;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        property = reader.GetString();
                        continue;
                    case JsonTokenType.StartObject:
                        ranges.Push((null, null));
                        break;
                    case JsonTokenType.EndObject:
                        if (ranges.TryPop(out var r))
                        {
                            if (r.First is { } f && r.Last is { } l) tags.Add(f <= l ? (f, l) : (l, f));
                            else if ((r.First ?? r.Last) is { } one) tags.Add((one, one));
                        }
                        break;
                    case JsonTokenType.StartArray:
                        if (tagsToo && property == "ebh") inTagArray++;
                        else if (inTagArray > 0) inTagArray++;
                        break;
                    case JsonTokenType.EndArray:
                        if (inTagArray > 0) inTagArray--;
                        break;
                    case JsonTokenType.String or JsonTokenType.Number:
                        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : Encoding.UTF8.GetString(reader.ValueSpan);
                        if (inTagArray > 0)
                        {
                            if (Tag(text) is { } tag) tags.Add((tag, tag));
                        }
                        else if (tagsToo && property is "qshm" or "zzhm" && Tag(text) is { } edge && ranges.Count > 0)
                        {
                            var top = ranges.Pop();
                            ranges.Push(property == "qshm" ? (edge, top.Last) : (top.First, edge));
                        }
                        else if (property is not null && keyNames.Contains(property) && Key(text) is { } key && found.Count < MaxKeys)
                            found.Add(key);
                        break;
                }
                if (reader.TokenType != JsonTokenType.StartArray && inTagArray == 0) property = null;
                if (tags.Count > MaxRanges * 4) break;
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // Not JSON from here on, or a string that is not text (a lone surrogate escape): keep what came before.
        }
        return new JournalKeys([.. found.Order(StringComparer.Ordinal)], Merge(tags));
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
