using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Kmt.Testing.Gremlin.Graph;

namespace Kmt.Testing.Gremlin.Language;

/// <summary>
/// Writes results the way Cosmos DB for Apache Gremlin returns them in GraphSON v2: elements untyped with a
/// "type" field ("vertex"/"edge"), vertex properties as lists of {id, value}, edge properties as plain values,
/// numbers and strings as plain JSON, maps as objects, paths as {labels, objects}.
/// </summary>
public static class GraphSonWriter
{
    public static string ToJson(object? value)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            Write(writer, value);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static void Write(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case long or int or short:
                writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
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
            case TestVertex v:
                WriteVertex(writer, v);
                break;
            case TestEdge e:
                WriteEdge(writer, e);
                break;
            case PathValue p:
                writer.WriteStartObject();
                writer.WritePropertyName("labels");
                Write(writer, p.Labels);
                writer.WritePropertyName("objects");
                Write(writer, p.Objects);
                writer.WriteEndObject();
                break;
            case IDictionary map:
                writer.WriteStartObject();
                foreach (DictionaryEntry entry in map)
                {
                    writer.WritePropertyName(Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty);
                    Write(writer, entry.Value);
                }

                writer.WriteEndObject();
                break;
            case IEnumerable list:
                writer.WriteStartArray();
                foreach (var item in list)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    private static void WriteVertex(Utf8JsonWriter writer, TestVertex v)
    {
        writer.WriteStartObject();
        writer.WriteString("id", v.Id);
        writer.WriteString("label", v.Label);
        writer.WriteString("type", "vertex");
        writer.WriteStartObject("properties");
        foreach (var (key, values) in v.Properties)
        {
            writer.WriteStartArray(key);
            for (var i = 0; i < values.Count; i++)
            {
                writer.WriteStartObject();
                writer.WriteString("id", v.PropertyIds[key][i]);
                writer.WritePropertyName("value");
                Write(writer, values[i]);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteEdge(Utf8JsonWriter writer, TestEdge e)
    {
        writer.WriteStartObject();
        writer.WriteString("id", e.Id);
        writer.WriteString("label", e.Label);
        writer.WriteString("type", "edge");
        writer.WriteString("inVLabel", e.InV.Label);
        writer.WriteString("outVLabel", e.OutV.Label);
        writer.WriteString("inV", e.InV.Id);
        writer.WriteString("outV", e.OutV.Id);
        writer.WriteStartObject("properties");
        foreach (var (key, value) in e.Properties)
        {
            writer.WritePropertyName(key);
            Write(writer, value);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
