using System.Buffers;
using System.Text;
using System.Text.Json;
using Kmt.Storage.Gremlin.Scripts;
using Kmt.Storage.Gremlin.Wire;

namespace Kmt.Storage.Gremlin.Graph;

/// <summary>
/// What a script weighs against Cosmos's 64 KB limit: its text plus its bindings as sent (JSON). Counting the
/// bindings too is stricter than the documented limit on the script, so a batch never meets it.
/// </summary>
internal static class GremlinScriptSize
{
    public static int Of(GremlinScript script)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in script.Bindings)
            {
                writer.WritePropertyName(name);
                GremlinRequestWriter.WriteValue(writer, value);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetByteCount(script.Text) + buffer.WrittenCount;
    }
}
