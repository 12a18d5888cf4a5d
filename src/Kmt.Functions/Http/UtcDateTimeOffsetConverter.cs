using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kmt.Functions.Http;

/// <summary>Times go out in UTC with a Z ("2024-01-15T10:30:00.0000000Z"), as in the seed's examples; any ISO-8601 offset is accepted in.</summary>
public sealed class UtcDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
}
