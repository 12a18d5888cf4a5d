using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Kmt.Storage.Cosmos.Documents;

/// <summary>
/// Reads a string that a query may have cut with LEFT (the list preview, <see cref="Knowledge.CosmosItemProjection"/>):
/// a cut between the halves of a surrogate pair leaves a lone high surrogate at the end, which the
/// server escapes as "\uD83D" and System.Text.Json refuses to read. That trailing half is dropped
/// (Core's preview then cuts exactly); any other string reads as usual.
/// </summary>
public sealed partial class CutTextJsonConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException) when (reader.TokenType == JsonTokenType.String && !reader.HasValueSequence)
        {
            var escaped = Encoding.UTF8.GetString(reader.ValueSpan);
            var repaired = TrailingHighSurrogate().Replace(escaped, "");
            return JsonSerializer.Deserialize<string>("\"" + repaired + "\"");
        }
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value);
    }

    [GeneratedRegex(@"\\u[dD][89abAB][0-9a-fA-F]{2}$")]
    private static partial Regex TrailingHighSurrogate();
}
