using System.Net;
using Kmt.Core.Common;
using Microsoft.Azure.Cosmos;

namespace Kmt.Storage.Cosmos.Common;

/// <summary>
/// Queries that need a Cosmos DB capability (full-text search, vector search) on a server that lacks it: the
/// local Cosmos DB server used by the emulated stack (@vercel/cosmosdb-server) rejects FullTextContains,
/// FullTextScore, VectorDistance and ORDER BY RANK with a 400 or a 500. The person then gets 501
/// FEATURE_UNAVAILABLE naming the capability (README.md, "Emulated Azure stack"), never an unexplained 500.
/// </summary>
public static class CosmosFeatures
{
    /// <summary>Whether <paramref name="exception"/> is a server refusing the query itself (not throttling, not a timeout).</summary>
    public static bool IsUnsupportedQuery(CosmosException exception) =>
        exception?.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.InternalServerError or HttpStatusCode.NotImplemented;

    public static KmtException Unavailable(string feature, CosmosException exception) => KmtException.FeatureUnavailable(
        feature,
        $"This server's Cosmos DB cannot run {feature} (it answered {(int)(exception?.StatusCode ?? 0)}). Search needs a Cosmos DB account with full-text and vector indexing, or the embedded store.");
}
