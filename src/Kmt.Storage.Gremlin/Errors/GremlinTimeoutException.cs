namespace Kmt.Storage.Gremlin.Errors;

/// <summary>The traversal ran out of time: x-ms-status-code 1009 / 408 (Cosmos's 30 s limit), or the client's own request timeout.</summary>
public sealed class GremlinTimeoutException : GremlinException
{
    public GremlinTimeoutException(string message, int gremlinStatusCode = 0, int? cosmosStatusCode = null, int? cosmosSubStatusCode = null, double requestCharge = 0, Exception? inner = null)
        : base(message, gremlinStatusCode, cosmosStatusCode, cosmosSubStatusCode, requestCharge, inner)
    {
    }
}
