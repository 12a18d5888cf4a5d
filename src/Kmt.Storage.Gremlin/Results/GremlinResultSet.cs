namespace Kmt.Storage.Gremlin.Results;

/// <summary>
/// Every item of one request, collected over its 206 partial responses up to the final 200/204, with what
/// Cosmos reported about it (docs/design/graph.md "The Gremlin client").
/// </summary>
public sealed class GremlinResultSet
{
    public GremlinResultSet(
        IReadOnlyList<object?> items,
        int statusCode,
        double requestCharge,
        int chunks,
        int attempts,
        IReadOnlyDictionary<string, object?> statusAttributes)
    {
        Items = items;
        StatusCode = statusCode;
        RequestCharge = requestCharge;
        Chunks = chunks;
        Attempts = attempts;
        StatusAttributes = statusAttributes;
    }

    /// <summary>The results, parsed from GraphSON v2 (see <see cref="Wire.GraphSon2Reader"/>).</summary>
    public IReadOnlyList<object?> Items { get; }

    /// <summary>The final Gremlin status: 200 or 204.</summary>
    public int StatusCode { get; }

    /// <summary>x-ms-total-request-charge of the final response (the sum of the chunks' charges when absent), in RU.</summary>
    public double RequestCharge { get; }

    /// <summary>How many response messages (206s plus the final one) carried the results.</summary>
    public int Chunks { get; }

    /// <summary>1 when the first attempt succeeded; more after retried 429s or closed connections.</summary>
    public int Attempts { get; }

    /// <summary>The final response's status attributes (x-ms-status-code, x-ms-activity-id, ...).</summary>
    public IReadOnlyDictionary<string, object?> StatusAttributes { get; }
}
