namespace Kmt.Storage.Gremlin.Errors;

/// <summary>
/// A failed Gremlin request. Carries the Gremlin status (500, 597, 401...), Cosmos's x-ms-status-code and
/// x-ms-substatus-code, the request charge and, for throttling, the server's retry-after. Subclasses name
/// the cases callers act on (docs/design/graph.md "The Gremlin client").
/// </summary>
public class GremlinException : Exception
{
    public GremlinException(string message, int gremlinStatusCode = 0, int? cosmosStatusCode = null, int? cosmosSubStatusCode = null, double requestCharge = 0, Exception? inner = null)
        : base(message, inner)
    {
        GremlinStatusCode = gremlinStatusCode;
        CosmosStatusCode = cosmosStatusCode;
        CosmosSubStatusCode = cosmosSubStatusCode;
        RequestCharge = requestCharge;
    }

    /// <summary>The Gremlin protocol status of the response (0 when no response arrived).</summary>
    public int GremlinStatusCode { get; }

    /// <summary>x-ms-status-code, when the server sent one.</summary>
    public int? CosmosStatusCode { get; }

    /// <summary>x-ms-substatus-code, when the server sent one.</summary>
    public int? CosmosSubStatusCode { get; }

    /// <summary>RU charged for the failed request.</summary>
    public double RequestCharge { get; }

    /// <summary>How long the server asked the client to wait (x-ms-retry-after-ms), when it did.</summary>
    public TimeSpan? RetryAfter { get; init; }
}
