namespace Kmt.Storage.Gremlin.Errors;

/// <summary>409: an element with that id already exists in that partition.</summary>
public sealed class GremlinConflictException : GremlinException
{
    public GremlinConflictException(string message, int gremlinStatusCode = 0, int? cosmosStatusCode = null, int? cosmosSubStatusCode = null, double requestCharge = 0, Exception? inner = null)
        : base(message, gremlinStatusCode, cosmosStatusCode, cosmosSubStatusCode, requestCharge, inner)
    {
    }
}
