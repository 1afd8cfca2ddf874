using System.Text.Json;
using System.Text.Json.Serialization;

namespace EarTagTrace.Hub.Edge;

/// <summary>
/// Every <see cref="DateTimeOffset"/> in a JSON body the hub's API reads goes through <see cref="CallerTime"/>: any
/// offset becomes the same UTC instant, a date alone is China midnight. Written values are left as they are (the hub
/// only writes UTC).
/// </summary>
public sealed class UtcTimeConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
            throw new JsonException($"a time is a string: {CallerTime.Formats}");
        var text = reader.GetString();
        return CallerTime.TryRead(text, out var utc, out _)
            ? utc
            : throw new JsonException($"'{Shorten(text)}' is not a time: {CallerTime.Formats}");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value);

    private static string? Shorten(string? text) => text is { Length: > 40 } ? text[..40] + "…" : text;
}
