using System.Globalization;

namespace Kmt.Core.Graph;

/// <summary>A person's declared link between two of their items (a links_to edge), as the API shows it.</summary>
public sealed record Relationship(
    string Id,
    string SourceId,
    string TargetId,
    string RelationshipType,
    double Strength,
    string MetadataJson,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>Changes with every write (the time of the last one, to the tick).</summary>
    public string ETag => "\"" + UpdatedAt.UtcTicks.ToString("x", CultureInfo.InvariantCulture) + "\"";

    public static Relationship From(GraphEdge edge) => new(
        edge.Id, edge.FromId, edge.ToId, edge.RelationshipType ?? "", edge.Strength ?? edge.Weight, edge.MetadataJson, edge.ValidFrom, edge.UpdatedAt);
}
