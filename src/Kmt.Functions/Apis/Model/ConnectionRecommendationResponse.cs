using Kmt.Core.Graph.Connections;

namespace Kmt.Functions.Apis.Model;

/// <summary>A recommended connection as GET api/v1/recommendations/connections lists it (docs/api.md, "Connection recommendations").</summary>
public sealed record ConnectionRecommendationResponse(string Id, ConnectionEnd Source, ConnectionEnd Target, double Score, string RelationshipType, ConnectionEvidence Evidence)
{
    public static ConnectionRecommendationResponse From(ConnectionRecommendation r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new(r.Id, r.Source, r.Target, r.Score, r.RelationshipType, r.Evidence);
    }
}
