using Kmt.Storage.Gremlin.Wire;

namespace Kmt.Storage.Gremlin.Errors;

/// <summary>
/// Maps a failed response to the exception callers act on, from x-ms-status-code first (Cosmos's own status,
/// per Microsoft's "Azure Cosmos DB for Gremlin server response headers" page: 401, 409, 412, 429, 1000,
/// 1004, 1007, 1008, 1009...) and the Gremlin status second (401, 597, 598...).
/// </summary>
internal static class GremlinErrorMapper
{
    public static GremlinException Map(GremlinResponse response)
    {
        var cosmos = response.CosmosStatusCode;
        var sub = response.CosmosSubStatusCode;
        var charge = response.RequestCharge ?? 0;
        var code = response.StatusCode;
        var text = $"Gremlin {code}" + (cosmos is { } c ? $" (x-ms-status-code {c}" + (sub is { } s ? $", substatus {s})" : ")") : string.Empty)
            + (string.IsNullOrEmpty(response.Message) ? string.Empty : ": " + response.Message);
        return cosmos switch
        {
            429 => new GremlinThrottledException(text, code, cosmos, sub, charge) { RetryAfter = response.RetryAfter },
            1007 or 1008 => new GremlinConnectionClosedException(text, code, cosmos, sub, charge) { RetryAfter = response.RetryAfter },
            1009 or 408 => new GremlinTimeoutException(text, code, cosmos, sub, charge),
            409 => new GremlinConflictException(text, code, cosmos, sub, charge),
            412 => new GremlinPreconditionFailedException(text, code, cosmos, sub, charge),
            401 or 403 => new GremlinAuthenticationException(text, code, cosmos, sub, charge),
            400 or 1000 or 1004 => new GremlinScriptException(text, code, cosmos, sub, charge),
            _ => code switch
            {
                401 => new GremlinAuthenticationException(text, code, cosmos, sub, charge),
                498 or 499 or 597 => new GremlinScriptException(text, code, cosmos, sub, charge),
                598 => new GremlinTimeoutException(text, code, cosmos, sub, charge),
                _ => new GremlinException(text, code, cosmos, sub, charge),
            },
        };
    }
}
