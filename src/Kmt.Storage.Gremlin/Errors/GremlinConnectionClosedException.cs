namespace Kmt.Storage.Gremlin.Errors;

/// <summary>The connection closed or the server was busy (x-ms-status-code 1007/1008, or the socket closed mid-request). Retried on another connection; seen only when the retries ran out.</summary>
public sealed class GremlinConnectionClosedException : GremlinException
{
    public GremlinConnectionClosedException(string message, int gremlinStatusCode = 0, int? cosmosStatusCode = null, int? cosmosSubStatusCode = null, double requestCharge = 0, Exception? inner = null)
        : base(message, gremlinStatusCode, cosmosStatusCode, cosmosSubStatusCode, requestCharge, inner)
    {
    }
}
