namespace Kmt.Storage.Gremlin.Errors;

/// <summary>429: the request rate is too large (x-ms-status-code 429). Retried by the client after x-ms-retry-after-ms; seen only when the retries ran out.</summary>
public sealed class GremlinThrottledException : GremlinException
{
    public GremlinThrottledException(string message, int gremlinStatusCode = 0, int? cosmosStatusCode = null, int? cosmosSubStatusCode = null, double requestCharge = 0, Exception? inner = null)
        : base(message, gremlinStatusCode, cosmosStatusCode, cosmosSubStatusCode, requestCharge, inner)
    {
    }
}
