using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kmt.Core.Realtime;

/// <summary>
/// The wire text of a <see cref="RealtimeMessage"/>, the same for every adapter: snake_case names like
/// the HTTP API, times in UTC ISO 8601.
/// </summary>
public static class RealtimeMessageJson
{
    private static readonly JsonSerializerOptions Options = Create();

    public static string Serialize(RealtimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return JsonSerializer.Serialize(
            new Wire(message.Type, message.Channel, message.Data, message.At.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture)),
            Options);
    }

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    private sealed record Wire(string Type, string Channel, object Data, string At);
}
