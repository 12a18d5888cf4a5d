using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Kmt.Storage.Gremlin.Wire;

/// <summary>
/// Writes the two request messages KMT sends: "eval" (a script with its bindings, processor "", language
/// gremlin-groovy) and "authentication" (SASL PLAIN). Cosmos accepts scripts only, never bytecode.
/// </summary>
internal static class GremlinRequestWriter
{
    public static byte[] Eval(Guid requestId, string script, IReadOnlyDictionary<string, object> bindings)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("requestId", requestId);
            writer.WriteString("op", "eval");
            writer.WriteString("processor", string.Empty);
            writer.WriteStartObject("args");
            writer.WriteString("gremlin", script);
            writer.WriteStartObject("bindings");
            foreach (var (name, value) in bindings)
            {
                writer.WritePropertyName(name);
                WriteValue(writer, value);
            }

            writer.WriteEndObject();
            writer.WriteString("language", "gremlin-groovy");
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return GremlinFrame.Encode(stream.ToArray());
    }

    /// <summary>SASL PLAIN: base64("\0" + "/dbs/{database}/colls/{graph}" + "\0" + secret).</summary>
    public static byte[] Authentication(Guid requestId, string resourcePath, string secret)
    {
        var sasl = Convert.ToBase64String(Encoding.UTF8.GetBytes("\0" + resourcePath + "\0" + secret));
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("requestId", requestId);
            writer.WriteString("op", "authentication");
            writer.WriteString("processor", string.Empty);
            writer.WriteStartObject("args");
            writer.WriteString("sasl", sasl);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return GremlinFrame.Encode(stream.ToArray());
    }

    /// <summary>
    /// A binding value as plain JSON (Cosmos stores JSON: no nulls, no dates). DateTimeOffset becomes a UTC
    /// round-trip string so that string order is time order; Guid a string.
    /// </summary>
    internal static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                throw new ArgumentException("Cosmos DB for Apache Gremlin does not store null values.", nameof(value));
            case string s:
                writer.WriteStringValue(s);
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case int or long or short or byte or sbyte or ushort or uint:
                writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case ulong ul:
                writer.WriteNumberValue(ul);
                break;
            case double d:
                writer.WriteNumberValue(d);
                break;
            case float f:
                writer.WriteNumberValue(f);
                break;
            case decimal m:
                writer.WriteNumberValue(m);
                break;
            case Guid g:
                writer.WriteStringValue(g.ToString("D"));
                break;
            case DateTimeOffset dto:
                writer.WriteStringValue(dto.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
                break;
            case DateTime dt:
                writer.WriteStringValue(dt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
                break;
            case IEnumerable list:
                writer.WriteStartArray();
                foreach (var item in list)
                {
                    WriteValue(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                throw new ArgumentException($"A binding cannot hold a {value.GetType().Name}.", nameof(value));
        }
    }
}
