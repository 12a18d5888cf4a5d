namespace Kmt.Storage.Gremlin.Errors;

/// <summary>
/// 412: another request changed the same vertex or edge between Cosmos's read and write of it (its optimistic
/// concurrency). Cosmos's docs say to resubmit: the client retries it; seen only when the retries ran out.
/// </summary>
public sealed class GremlinPreconditionFailedException : GremlinException
{
    public GremlinPreconditionFailedException(string message, int gremlinStatusCode = 0, int? cosmosStatusCode = null, int? cosmosSubStatusCode = null, double requestCharge = 0, Exception? inner = null)
        : base(message, gremlinStatusCode, cosmosStatusCode, cosmosSubStatusCode, requestCharge, inner)
    {
    }
}
