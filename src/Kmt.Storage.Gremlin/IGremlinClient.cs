using Kmt.Storage.Gremlin.Results;
using Kmt.Storage.Gremlin.Scripts;

namespace Kmt.Storage.Gremlin;

/// <summary>Sends one script with its bindings to Cosmos DB for Apache Gremlin and returns every result.</summary>
public interface IGremlinClient
{
    /// <exception cref="Errors.GremlinException">The request failed after the retries the failure allows.</exception>
    Task<GremlinResultSet> SubmitAsync(GremlinScript script, CancellationToken cancellationToken = default);
}
