using Kmt.Core.Graph;
using Kmt.Storage.Gremlin.Scripts;

namespace Kmt.Storage.Gremlin.Graph;

/// <summary>
/// The only labels and property keys the graph store's scripts name: Core's vertex kinds and edge labels,
/// the partition key property, and the store's own keys (<see cref="GremlinGraphRecords"/>).
/// </summary>
internal static class GremlinGraphVocabulary
{
    public const string Owner = "owner";
    public const string Body = "body";
    public const string NormalizedName = "normalized_name";
    public const string Alias = "alias";
    public const string ValidFrom = "valid_from";
    public const string ValidTo = "valid_to";
    public const string RecordedAt = "recorded_at";
    public const string ExpiredAt = "expired_at";
    public const string ExpiredExact = "expired_exact";

    public static GremlinVocabulary For(string partitionKeyProperty) => new(
        GraphVertexKinds.All
            .Concat(GraphEdgeLabels.All)
            .Concat([partitionKeyProperty, Owner, Body, NormalizedName, Alias, ValidFrom, ValidTo, RecordedAt, ExpiredAt, ExpiredExact]));
}
