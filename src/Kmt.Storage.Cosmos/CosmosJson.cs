using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kmt.Storage.Cosmos;

/// <summary>
/// How documents are written: System.Text.Json (CosmosClientOptions.UseSystemTextJsonSerializerWithOptions),
/// camelCase names (the DTOs also name every property explicitly), nulls omitted, and instants as fixed
/// width UTC text so that string order is time order (keyset comparisons and ORDER BY work on the text).
/// </summary>
public static class CosmosJson
{
    /// <summary>Fixed width UTC: ordinal text order is time order.</summary>
    public const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Time(DateTimeOffset value) => value.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    public static string? Time(DateTimeOffset? value) => value is { } v ? Time(v) : null;

    public static DateTimeOffset ParseTime(string text) =>
        new(DateTime.ParseExact(text, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), TimeSpan.Zero);

    public static DateTimeOffset? ParseTime(string? text, bool nullable) => text is null ? null : ParseTime(text);
}
