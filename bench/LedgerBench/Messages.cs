using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace EarTagTrace.Bench.Ledger;

/// <summary>动监e通 message bodies (contracts/djet/*.schema.json), written by the bench's own code.</summary>
public static class Messages
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly TimeSpan Cst = TimeSpan.FromHours(8);

    /// <summary>Now in China Standard Time, as 动监e通 writes times.</summary>
    public static string Now() => DateTimeOffset.UtcNow.ToOffset(Cst).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    public static byte[] FirstIssuance(string id, string county, string township, long first, long last) => Write(w =>
    {
        w.WriteString("ffid", id);
        w.WriteString("fflx", "1");
        w.WriteString("ffdw", county);
        w.WriteString("jsdw", township);
        w.WriteString("jslx", "XZ");
        w.WriteStartArray("hd");
        w.WriteStartObject();
        w.WriteString("qshm", SeedData.Format(first));
        w.WriteString("zzhm", SeedData.Format(last));
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteString("ffsj", Now());
    });

    public static byte[] Declaration(string id, string farm, string qrToken, IReadOnlyList<long> tags) => Write(w =>
    {
        w.WriteString("sbdh", id);
        w.WriteString("yzcbm", farm);
        w.WriteString("ewm", qrToken);
        w.WriteString("xmdm", "1");
        w.WriteNumber("sl", tags.Count);
        w.WriteStartObject("ddd");
        w.WriteString("xzqhdm", "220102");
        w.WriteString("dz", "吉林省长春市南关区肉联厂");
        w.WriteEndObject();
        w.WriteString("yt", "屠宰");
        Tags(w, tags);
        w.WriteString("sbsj", Now());
    });

    public static byte[] Certificate(string number, string declaration, string farm, string township, IReadOnlyList<long> tags) => Write(w =>
    {
        w.WriteString("zmbh", number);
        w.WriteString("zmlx", "B");
        w.WriteString("sbdh", declaration);
        w.WriteString("yzcbm", farm);
        w.WriteString("xmdm", "1");
        w.WriteNumber("sl", tags.Count);
        Tags(w, tags);
        w.WriteStartObject("qydd");
        w.WriteString("xzqhdm", township);
        w.WriteString("dz", "吉林省 " + township + " 养殖小区");
        w.WriteEndObject();
        w.WriteStartObject("ddd");
        w.WriteString("xzqhdm", "220102");
        w.WriteString("dz", "吉林省长春市南关区肉联厂");
        w.WriteEndObject();
        w.WriteString("cyr", "张运输");
        w.WriteString("cph", "吉A12345");
        w.WriteString("gfsy", "李明");
        w.WriteString("qfsj", Now());
        w.WriteNumber("yxts", 1);
    });

    private static void Tags(Utf8JsonWriter w, IReadOnlyList<long> tags)
    {
        w.WriteStartArray("ebh");
        foreach (var t in tags) w.WriteStringValue(SeedData.Format(t));
        w.WriteEndArray();
    }

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer, Options))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>k distinct tags of the range, in ascending order, picked at random.</summary>
    public static long[] Pick(Random rng, long first, int size, int k)
    {
        var offsets = Enumerable.Range(0, size).ToArray();
        rng.Shuffle(offsets);
        var tags = offsets.Take(k).Select(o => first + o).ToArray();
        Array.Sort(tags);
        return tags;
    }
}
