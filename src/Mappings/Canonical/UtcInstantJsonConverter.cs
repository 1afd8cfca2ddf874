using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EarTagTrace.Mappings.Canonical;

/// <summary>
/// Writes canonical instants as ISO-8601 UTC ending in "Z" (contracts/canonical/farm.schema.json).
/// System.Text.Json would write a zero offset as "+00:00"; reading accepts any offset and normalises to UTC.
/// </summary>
public sealed class UtcInstantJsonConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset().ToUniversalTime();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
}
