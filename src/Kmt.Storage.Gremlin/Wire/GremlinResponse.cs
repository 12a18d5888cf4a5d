using System.Globalization;
using System.Text.Json;

namespace Kmt.Storage.Gremlin.Wire;

/// <summary>One response message: {requestId, status {code, message, attributes}, result {data, meta}}.</summary>
internal sealed class GremlinResponse
{
    public required Guid? RequestId { get; init; }

    public required int StatusCode { get; init; }

    public required string Message { get; init; }

    public required IReadOnlyDictionary<string, object?> Attributes { get; init; }

    public required IReadOnlyList<object?> Data { get; init; }

    public static GremlinResponse Parse(ReadOnlyMemory<byte> json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Guid? requestId = root.TryGetProperty("requestId", out var rid) && rid.ValueKind == JsonValueKind.String
            && Guid.TryParse(rid.GetString(), out var g) ? g : null;
        var status = root.GetProperty("status");
        var code = status.GetProperty("code").GetInt32();
        var message = status.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : string.Empty;
        var attributes = status.TryGetProperty("attributes", out var a) && GraphSon2Reader.Read(a) is Dictionary<string, object?> map
            ? map
            : new Dictionary<string, object?>();
        IReadOnlyList<object?> data = [];
        if (root.TryGetProperty("result", out var result) && result.TryGetProperty("data", out var d))
        {
            data = GraphSon2Reader.Read(d) switch
            {
                List<object?> list => list,
                null => [],
                var single => [single],
            };
        }

        return new GremlinResponse { RequestId = requestId, StatusCode = code, Message = message, Attributes = attributes, Data = data };
    }

    /// <summary>x-ms-status-code, when present (Cosmos's HTTP-like status: 429, 409, 1007, 1008, 1009...).</summary>
    public int? CosmosStatusCode => AsInt(Attribute("x-ms-status-code"));

    public int? CosmosSubStatusCode => AsInt(Attribute("x-ms-substatus-code"));

    public double? RequestCharge => AsDouble(Attribute("x-ms-request-charge"));

    public double? TotalRequestCharge => AsDouble(Attribute("x-ms-total-request-charge"));

    /// <summary>x-ms-retry-after-ms is a TimeSpan string ("00:00:03.9500000"); a bare number is read as milliseconds.</summary>
    public TimeSpan? RetryAfter => Attribute("x-ms-retry-after-ms") switch
    {
        string s when TimeSpan.TryParse(s, CultureInfo.InvariantCulture, out var t) => t,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) => TimeSpan.FromMilliseconds(ms),
        long l => TimeSpan.FromMilliseconds(l),
        double dbl => TimeSpan.FromMilliseconds(dbl),
        _ => null,
    };

    private object? Attribute(string name) => Attributes.TryGetValue(name, out var v) ? v : null;

    private static int? AsInt(object? value) => value switch
    {
        long l => (int)l,
        int i => i,
        double d => (int)d,
        string s when int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) => i,
        _ => null,
    };

    private static double? AsDouble(object? value) => value switch
    {
        long l => l,
        int i => i,
        double d => d,
        float f => f,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    };
}
