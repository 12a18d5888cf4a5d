namespace Kmt.Storage.Gremlin.Errors;

/// <summary>The server could not compile or evaluate the script (Gremlin 597/499/498, x-ms-status-code 400): an unsupported step, a syntax error, a missing binding.</summary>
public sealed class GremlinScriptException : GremlinException
{
    public GremlinScriptException(string message, int gremlinStatusCode = 0, int? cosmosStatusCode = null, int? cosmosSubStatusCode = null, double requestCharge = 0, Exception? inner = null)
        : base(message, gremlinStatusCode, cosmosStatusCode, cosmosSubStatusCode, requestCharge, inner)
    {
    }
}
