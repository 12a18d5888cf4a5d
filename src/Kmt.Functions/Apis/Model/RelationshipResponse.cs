using System.Text.Json;
using Kmt.Core.Graph;

namespace Kmt.Functions.Apis.Model;

/// <summary>A knowledge relationship (docs/api.md, "Relationships"): a typed link from source to target with strength and metadata.</summary>
public sealed record RelationshipResponse(
    string Id,
    string SourceId,
    string TargetId,
    string RelationshipType,
    double Strength,
    JsonElement Metadata,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string Etag)
{
    public static RelationshipResponse From(Relationship r) => new(
        r.Id, r.SourceId, r.TargetId, r.RelationshipType, r.Strength, JsonText.ToElement(r.MetadataJson), r.CreatedAt, r.UpdatedAt, r.ETag);
}
