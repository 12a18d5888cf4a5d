namespace Kmt.Storage.Gremlin.Errors;

/// <summary>The server refused the SASL credentials (401): a wrong key, an expired token, or an identity without a Gremlin data-plane role.</summary>
public sealed class GremlinAuthenticationException : GremlinException
{
    public GremlinAuthenticationException(string message, int gremlinStatusCode = 0, int? cosmosStatusCode = null, int? cosmosSubStatusCode = null, double requestCharge = 0, Exception? inner = null)
        : base(message, gremlinStatusCode, cosmosStatusCode, cosmosSubStatusCode, requestCharge, inner)
    {
    }
}
