using System.Globalization;
using System.Text.Json;
using Kmt.Storage.Gremlin.Results;

namespace Kmt.Storage.Gremlin.Wire;

/// <summary>
/// Turns GraphSON v2 (the only format Cosmos DB for Apache Gremlin speaks) into the plain result model:
/// typed values ({"@type": "g:Int64", "@value": 3}), typed elements (g:Vertex, g:Edge, g:VertexProperty,
/// g:Property, g:Path) and the untyped element form Cosmos actually sends ({"type": "vertex", ...}). Integers
/// without a type become long, other numbers double; JSON objects become string-keyed dictionaries; arrays,
/// g:List and g:Set become lists. See docs/design/graph.md "The Gremlin client".
/// </summary>
public static class GraphSon2Reader
{
    /// <summary>Parses one GraphSON v2 value.</summary>
    public static object? Read(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Null:
            case JsonValueKind.Undefined:
                return null;
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            case JsonValueKind.String:
                return element.GetString();
            case JsonValueKind.Number:
                return element.TryGetInt64(out var l) ? (object)l : element.GetDouble();
            case JsonValueKind.Array:
                return ReadList(element);
            default:
                return ReadObject(element);
        }
    }

    /// <summary>Parses a JSON document holding one GraphSON v2 value.</summary>
    public static object? Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Read(document.RootElement);
    }

    private static List<object?> ReadList(JsonElement array)
    {
        var list = new List<object?>(array.GetArrayLength());
        foreach (var item in array.EnumerateArray())
        {
            list.Add(Read(item));
        }

        return list;
    }

    private static object? ReadObject(JsonElement obj)
    {
        if (obj.TryGetProperty("@type", out var type) && type.ValueKind == JsonValueKind.String
            && obj.TryGetProperty("@value", out var value))
        {
            return ReadTyped(type.GetString()!, value);
        }

        if (obj.TryGetProperty("type", out var kind) && kind.ValueKind == JsonValueKind.String
            && obj.TryGetProperty("id", out _) && obj.TryGetProperty("label", out _))
        {
            switch (kind.GetString())
            {
                case "vertex":
                    return ReadVertex(obj);
                case "edge":
                    return ReadEdge(obj);
            }
        }

        if (obj.TryGetProperty("labels", out var labels) && obj.TryGetProperty("objects", out var objects)
            && CountProperties(obj) == 2)
        {
            return ReadPath(labels, objects);
        }

        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in obj.EnumerateObject())
        {
            map[property.Name] = Read(property.Value);
        }

        return map;
    }

    private static object? ReadTyped(string type, JsonElement value) => type switch
    {
        "g:Int32" => value.ValueKind == JsonValueKind.Number ? value.GetInt32() : int.Parse(value.GetString()!, CultureInfo.InvariantCulture),
        "g:Int64" => value.ValueKind == JsonValueKind.Number ? value.GetInt64() : long.Parse(value.GetString()!, CultureInfo.InvariantCulture),
        "g:Double" => value.ValueKind == JsonValueKind.Number ? value.GetDouble() : double.Parse(value.GetString()!, CultureInfo.InvariantCulture),
        "g:Float" => value.ValueKind == JsonValueKind.Number ? value.GetSingle() : float.Parse(value.GetString()!, CultureInfo.InvariantCulture),
        "g:Date" or "g:Timestamp" => DateTimeOffset.FromUnixTimeMilliseconds(value.GetInt64()),
        "g:UUID" => Guid.Parse(value.GetString()!),
        "g:List" or "g:Set" => value.ValueKind == JsonValueKind.Array ? ReadList(value) : Read(value),
        "g:Map" => ReadTypedMap(value),
        "g:Vertex" => ReadVertex(value),
        "g:Edge" => ReadEdge(value),
        "g:VertexProperty" => ReadVertexProperty(value),
        "g:Property" => new GremlinProperty(value.GetProperty("key").GetString()!, Read(value.GetProperty("value"))),
        "g:Path" => ReadPath(value.GetProperty("labels"), value.GetProperty("objects")),
        "g:T" or "g:Direction" => value.GetString(),
        _ => Read(value),
    };

    private static Dictionary<string, object?> ReadTypedMap(JsonElement value)
    {
        // GraphSON v3 style alternating key/value array, tolerated; a v2 map is a plain JSON object.
        if (value.ValueKind != JsonValueKind.Array)
        {
            return (Dictionary<string, object?>)ReadObject(value)!;
        }

        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        var items = ReadList(value);
        for (var i = 0; i + 1 < items.Count; i += 2)
        {
            map[Convert.ToString(items[i], CultureInfo.InvariantCulture) ?? string.Empty] = items[i + 1];
        }

        return map;
    }

    private static GremlinVertex ReadVertex(JsonElement obj)
    {
        var properties = new Dictionary<string, IReadOnlyList<GremlinVertexProperty>>(StringComparer.Ordinal);
        if (obj.TryGetProperty("properties", out var props) && props.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in props.EnumerateObject())
            {
                var values = new List<GremlinVertexProperty>();
                var items = property.Value.ValueKind == JsonValueKind.Array
                    ? property.Value.EnumerateArray().ToList()
                    : [property.Value];
                foreach (var item in items)
                {
                    values.Add(ReadVertexPropertyItem(property.Name, item));
                }

                properties[property.Name] = values;
            }
        }

        return new GremlinVertex(Read(obj.GetProperty("id"))!, obj.GetProperty("label").GetString()!, properties);
    }

    private static GremlinVertexProperty ReadVertexPropertyItem(string key, JsonElement item)
    {
        if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("@type", out _))
        {
            return Read(item) as GremlinVertexProperty ?? new GremlinVertexProperty(null, key, Read(item));
        }

        if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("value", out var v))
        {
            return new GremlinVertexProperty(item.TryGetProperty("id", out var id) ? Read(id) : null, key, Read(v));
        }

        return new GremlinVertexProperty(null, key, Read(item));
    }

    private static GremlinVertexProperty ReadVertexProperty(JsonElement value) => new(
        value.TryGetProperty("id", out var id) ? Read(id) : null,
        value.TryGetProperty("label", out var label) ? label.GetString() ?? string.Empty : string.Empty,
        Read(value.GetProperty("value")));

    private static GremlinEdge ReadEdge(JsonElement obj)
    {
        var properties = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (obj.TryGetProperty("properties", out var props) && props.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in props.EnumerateObject())
            {
                var parsed = Read(property.Value);
                properties[property.Name] = parsed is GremlinProperty p ? p.Value : parsed;
            }
        }

        return new GremlinEdge(
            Read(obj.GetProperty("id"))!,
            obj.GetProperty("label").GetString()!,
            Read(obj.GetProperty("outV"))!,
            obj.TryGetProperty("outVLabel", out var outLabel) ? outLabel.GetString() : null,
            Read(obj.GetProperty("inV"))!,
            obj.TryGetProperty("inVLabel", out var inLabel) ? inLabel.GetString() : null,
            properties);
    }

    private static GremlinPath ReadPath(JsonElement labels, JsonElement objects)
    {
        var labelList = new List<IReadOnlyList<string>>();
        if (Read(labels) is List<object?> outer)
        {
            foreach (var entry in outer)
            {
                labelList.Add(entry is List<object?> inner
                    ? inner.Select(x => Convert.ToString(x, CultureInfo.InvariantCulture) ?? string.Empty).ToList()
                    : []);
            }
        }

        var objectList = Read(objects) as List<object?> ?? [];
        return new GremlinPath(labelList, objectList);
    }

    private static int CountProperties(JsonElement obj)
    {
        var count = 0;
        foreach (var _ in obj.EnumerateObject())
        {
            count++;
        }

        return count;
    }
}
