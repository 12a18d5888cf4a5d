using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Kmt.Functions.Http;
using Microsoft.OpenApi;

namespace Kmt.Functions.OpenApi;

/// <summary>
/// Turns a .NET type into an OpenAPI 3.1 schema as the API actually writes it: property names and
/// shapes come from <see cref="KmtJson.Options"/>' contract (snake_case, string enums), so the document
/// cannot disagree with the serializer. Named object types become components/schemas entries.
/// </summary>
internal sealed class JsonSchemaMapper(OpenApiDocument document)
{
    private readonly NullabilityInfoContext _nullability = new();
    private readonly Dictionary<Type, string> _names = [];

    public IOpenApiSchema SchemaFor(Type type)
    {
        var underlying = System.Nullable.GetUnderlyingType(type);
        if (underlying is not null)
        {
            return OrNull(SchemaFor(underlying));
        }

        if (Primitive(type) is { } primitive)
        {
            return primitive;
        }

        if (type == typeof(object) || type == typeof(JsonElement) || type == typeof(JsonNode) || type == typeof(JsonElementBox))
        {
            return new OpenApiSchema();
        }

        if (type.IsEnum)
        {
            var policy = JsonNamingPolicy.SnakeCaseLower;
            return new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Enum = Enum.GetNames(type).Select(n => (JsonNode)JsonValue.Create(policy.ConvertName(n))!).ToList(),
            };
        }

        var info = KmtJson.Options.GetTypeInfo(type);
        switch (info.Kind)
        {
            case JsonTypeInfoKind.Enumerable:
                return new OpenApiSchema { Type = JsonSchemaType.Array, Items = SchemaFor(info.ElementType!) };
            case JsonTypeInfoKind.Dictionary:
                return new OpenApiSchema { Type = JsonSchemaType.Object, AdditionalProperties = SchemaFor(info.ElementType!) };
            case JsonTypeInfoKind.Object when IsAnonymous(type):
                return ObjectSchema(info);
            case JsonTypeInfoKind.Object:
                return Reference(type, info);
            default:
                return new OpenApiSchema();
        }
    }

    private OpenApiSchemaReference Reference(Type type, JsonTypeInfo info)
    {
        if (!_names.TryGetValue(type, out var name))
        {
            name = UniqueName(type);
            _names[type] = name;
            document.Components!.Schemas![name] = new OpenApiSchema(); // placeholder: the type may refer to itself
            document.Components.Schemas[name] = ObjectSchema(info);
        }

        return new OpenApiSchemaReference(name, document);
    }

    private OpenApiSchema ObjectSchema(JsonTypeInfo info)
    {
        var schema = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Properties = new Dictionary<string, IOpenApiSchema>(),
            Required = new HashSet<string>(),
        };
        foreach (var property in info.Properties)
        {
            var nullable = IsNullable(property);
            var propertySchema = SchemaFor(property.PropertyType);
            schema.Properties[property.Name] = nullable ? OrNull(propertySchema) : propertySchema;
            if (!nullable || property.IsRequired)
            {
                schema.Required.Add(property.Name);
            }
        }

        return schema;
    }

    private bool IsNullable(JsonPropertyInfo property)
    {
        if (System.Nullable.GetUnderlyingType(property.PropertyType) is not null)
        {
            return true;
        }

        if (property.PropertyType.IsValueType)
        {
            return false;
        }

        return property.AttributeProvider switch
        {
            PropertyInfo p => _nullability.Create(p).ReadState != NullabilityState.NotNull,
            FieldInfo f => _nullability.Create(f).ReadState != NullabilityState.NotNull,
            _ => true,
        };
    }

    private static IOpenApiSchema OrNull(IOpenApiSchema schema)
    {
        if (schema is OpenApiSchema { Type: { } type } inline)
        {
            inline.Type = type | JsonSchemaType.Null;
            return inline;
        }

        // A reference (or an "any" schema) cannot carry a type of its own: say "this or null".
        return new OpenApiSchema { OneOf = [schema, new OpenApiSchema { Type = JsonSchemaType.Null }] };
    }

    private static OpenApiSchema? Primitive(Type type)
    {
        if (type == typeof(string) || type == typeof(char))
        {
            return new OpenApiSchema { Type = JsonSchemaType.String };
        }

        if (type == typeof(bool))
        {
            return new OpenApiSchema { Type = JsonSchemaType.Boolean };
        }

        if (type == typeof(int) || type == typeof(short) || type == typeof(byte))
        {
            return new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" };
        }

        if (type == typeof(long))
        {
            return new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64" };
        }

        if (type == typeof(double) || type == typeof(float) || type == typeof(decimal))
        {
            return new OpenApiSchema { Type = JsonSchemaType.Number, Format = "double" };
        }

        if (type == typeof(DateTimeOffset) || type == typeof(DateTime))
        {
            return new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" };
        }

        if (type == typeof(DateOnly))
        {
            return new OpenApiSchema { Type = JsonSchemaType.String, Format = "date" };
        }

        if (type == typeof(Guid))
        {
            return new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid" };
        }

        if (type == typeof(TimeSpan))
        {
            return new OpenApiSchema { Type = JsonSchemaType.String, Format = "duration" };
        }

        return null;
    }

    private static bool IsAnonymous(Type type) => type.Name.Contains("AnonymousType", StringComparison.Ordinal);

    private string UniqueName(Type type)
    {
        var name = type.IsGenericType
            ? type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)] + "Of" + string.Concat(type.GetGenericArguments().Select(a => a.Name))
            : type.Name;
        var candidate = name;
        for (var i = 2; _names.ContainsValue(candidate); i++)
        {
            candidate = name + i;
        }

        return candidate;
    }
}
