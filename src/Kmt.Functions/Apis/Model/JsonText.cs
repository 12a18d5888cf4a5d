using System.Text.Json;

namespace Kmt.Functions.Apis.Model;

internal static class JsonText
{
    /// <summary>Stored JSON objects (metadata, preferences) go out as JSON, not as a string.</summary>
    public static JsonElement ToElement(string json)
    {
        using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(json) ? "{}" : json);
        return document.RootElement.Clone();
    }
}
