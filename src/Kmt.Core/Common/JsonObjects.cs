using System.Text;
using System.Text.Json;

namespace Kmt.Core.Common;

/// <summary>Checks the free-form JSON objects clients send (metadata, preferences) and stores them compactly.</summary>
internal static class JsonObjects
{
    public const string Empty = "{}";

    /// <summary>
    /// Returns the object as compact JSON text, "{}" when absent (null or JSON null), or null after
    /// adding an error when it is not an object or is larger than <paramref name="maxBytes"/> UTF-8 bytes.
    /// The size is measured on the compact form so that a client's indentation does not count against it.
    /// </summary>
    public static string? Validate(JsonElement? value, int maxBytes, string field, Validation validation)
    {
        if (value is null || value.Value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return Empty;
        }

        if (value.Value.ValueKind != JsonValueKind.Object)
        {
            validation.Add(field, $"{field} must be a JSON object.");
            return null;
        }

        var compact = JsonSerializer.Serialize(value.Value);
        if (Encoding.UTF8.GetByteCount(compact) > maxBytes)
        {
            validation.Add(field, $"{field} must be at most {maxBytes} bytes of JSON.");
            return null;
        }

        return compact;
    }
}
