using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kmt.Functions.Http;

/// <summary>Lets <see cref="RequestBody.ReadJsonAsync{T}"/> read a body that is any JSON value (a class wrapper, since T is a class).</summary>
[JsonConverter(typeof(Converter))]
public sealed class JsonElementBox(JsonElement value)
{
    public JsonElement Value { get; } = value;

    private sealed class Converter : JsonConverter<JsonElementBox>
    {
        public override JsonElementBox Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            new(JsonElement.ParseValue(ref reader));

        public override void Write(Utf8JsonWriter writer, JsonElementBox value, JsonSerializerOptions options) => value.Value.WriteTo(writer);
    }
}
