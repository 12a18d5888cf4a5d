using System.Text.RegularExpressions;
using Kmt.Core.Accounts;
using Kmt.Core.Common;
using Kmt.Core.Knowledge;
using Microsoft.Extensions.Options;

namespace Kmt.Core.Graph;

/// <summary>
/// knowledge/{id}/relationships (docs/api.md, "Relationships"): the person's typed links between two
/// of their live items, stored as links_to edges. Anything not the caller's, trashed, or not a
/// links_to edge of this item answers 404. A relationship's type, strength and metadata are
/// replaced in place; deleting it removes it (the person's own statement, not derived knowledge).
/// </summary>
public sealed partial class RelationshipService(IKnowledgeStore items, IGraphStore graph, IOptions<GraphOptions> options, IOptions<KmtLimits> limits, TimeProvider timeProvider)
{
    public const double DefaultStrength = 1.0;

    public async Task<IReadOnlyList<Relationship>> ListAsync(AuthenticatedUser caller, string itemId, CancellationToken cancellationToken)
    {
        await LoadLiveAsync(caller, itemId, cancellationToken);
        var edges = await graph.GetCurrentEdgesAsync(caller.UserId, itemId, GraphEdgeLabels.LinksTo, cancellationToken);
        return edges.OrderBy(e => e.ValidFrom).ThenBy(e => e.Id, StringComparer.Ordinal).Select(Relationship.From).ToList();
    }

    public async Task<Relationship> GetAsync(AuthenticatedUser caller, string itemId, string relationshipId, CancellationToken cancellationToken)
    {
        await LoadLiveAsync(caller, itemId, cancellationToken);
        return Relationship.From(await LoadEdgeAsync(caller, itemId, relationshipId, cancellationToken));
    }

    public async Task<Relationship> CreateAsync(AuthenticatedUser caller, string itemId, RelationshipInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (type, strength, metadata) = Validate(input, requireTarget: true);
        var source = await LoadLiveAsync(caller, itemId, cancellationToken);
        var targetId = input.TargetId!.Trim();
        if (targetId == itemId)
        {
            throw new ValidationException("target_id", "An item cannot be related to itself.");
        }

        var target = await LoadLiveAsync(caller, targetId, cancellationToken);
        var existing = await graph.GetCurrentEdgesAsync(caller.UserId, itemId, GraphEdgeLabels.LinksTo, cancellationToken);
        if (existing.Any(e => e.FromId == itemId && e.ToId == targetId && e.RelationshipType == type))
        {
            throw KmtException.Conflict($"This item already has a '{type}' relationship to that item.");
        }

        if (existing.Count(e => e.FromId == itemId) >= options.Value.MaxRelationshipsPerItem)
        {
            throw new ValidationException("target_id", $"An item can have at most {options.Value.MaxRelationshipsPerItem} relationships.");
        }

        var now = timeProvider.GetUtcNow();
        var edge = new GraphEdge
        {
            Id = Ids.New(),
            UserId = caller.UserId,
            Label = GraphEdgeLabels.LinksTo,
            FromId = itemId,
            ToId = targetId,
            RelationshipType = type,
            Strength = strength,
            Weight = strength,
            MetadataJson = metadata,
            ValidFrom = now,
            RecordedAt = now,
            UpdatedAt = now,
        };

        // The items' vertices may not exist yet (their change is still on the queue): write a minimal one;
        // the applier completes it.
        var vertices = new List<GraphVertex>();
        foreach (var item in new[] { source, target })
        {
            if (await graph.GetVertexAsync(caller.UserId, item.Id, cancellationToken) is null)
            {
                vertices.Add(new GraphVertex
                {
                    Id = item.Id, UserId = item.UserId, Kind = GraphVertexKinds.Item, Name = item.Title,
                    ValidFrom = item.CreatedAt, RecordedAt = now, UpdatedAt = now,
                });
            }
        }

        await graph.ApplyAsync(new GraphWriteBatch { UserId = caller.UserId, VertexUpserts = vertices, EdgeInserts = [edge] }, cancellationToken);
        return Relationship.From(edge);
    }

    /// <summary>PUT replaces type, strength and metadata; the target cannot change (delete and create instead). If-Match, when sent, must match.</summary>
    public async Task<Relationship> ReplaceAsync(AuthenticatedUser caller, string itemId, string relationshipId, RelationshipInput input, string? ifMatch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (type, strength, metadata) = Validate(input, requireTarget: false);
        await LoadLiveAsync(caller, itemId, cancellationToken);
        var edge = await LoadEdgeAsync(caller, itemId, relationshipId, cancellationToken);
        if (input.TargetId is { } target && target.Trim() != edge.ToId)
        {
            throw new ValidationException("target_id", "The target of a relationship cannot change; delete it and create another.");
        }

        if (!string.IsNullOrWhiteSpace(ifMatch) && !ETags.Matches(Relationship.From(edge).ETag, ifMatch))
        {
            throw KmtException.PreconditionFailed();
        }

        var now = timeProvider.GetUtcNow();
        var updated = edge with { RelationshipType = type, Strength = strength, Weight = strength, MetadataJson = metadata, UpdatedAt = now > edge.UpdatedAt ? now : edge.UpdatedAt.AddTicks(1) };
        await graph.ApplyAsync(new GraphWriteBatch { UserId = caller.UserId, EdgeUpdates = [updated] }, cancellationToken);
        return Relationship.From(updated);
    }

    public async Task DeleteAsync(AuthenticatedUser caller, string itemId, string relationshipId, CancellationToken cancellationToken)
    {
        await LoadLiveAsync(caller, itemId, cancellationToken);
        await LoadEdgeAsync(caller, itemId, relationshipId, cancellationToken);
        if (!await graph.DeleteEdgeAsync(caller.UserId, relationshipId, cancellationToken))
        {
            throw NotFound();
        }
    }

    private (string Type, double Strength, string MetadataJson) Validate(RelationshipInput input, bool requireTarget)
    {
        var validation = new Validation();
        if (requireTarget)
        {
            validation.Require(!string.IsNullOrWhiteSpace(input.TargetId), "target_id", "Required: the id of the related item.");
            if (!string.IsNullOrWhiteSpace(input.TargetId))
            {
                validation.Require(Ids.IsWellFormed(input.TargetId.Trim()), "target_id", "Must be a knowledge item id.");
            }
        }

        var type = input.RelationshipType?.Trim().ToLowerInvariant() ?? "";
        var maxType = options.Value.RelationshipTypeMaxLength;
        if (type.Length == 0)
        {
            validation.Add("relationship_type", "Required, e.g. \"supports\", \"cites\" or \"related\".");
        }
        else if (type.Length > maxType || !TypePattern().IsMatch(type))
        {
            validation.Add("relationship_type", $"Letters, digits, '_' and '-', starting with a letter, at most {maxType} characters.");
        }

        var strength = input.Strength ?? DefaultStrength;
        validation.Require(double.IsFinite(strength) && strength is >= 0 and <= 1, "strength", "Must be a number from 0 to 1.");
        var metadata = JsonObjects.Validate(input.Metadata, limits.Value.MetadataMaxBytes, "metadata", validation);
        validation.ThrowIfInvalid();
        return (type, strength, metadata ?? "{}");
    }

    private async Task<GraphEdge> LoadEdgeAsync(AuthenticatedUser caller, string itemId, string relationshipId, CancellationToken cancellationToken)
    {
        var edge = Ids.IsWellFormed(relationshipId) ? await graph.GetEdgeAsync(caller.UserId, relationshipId, cancellationToken) : null;
        return edge is { Label: GraphEdgeLabels.LinksTo, IsCurrent: true } && (edge.FromId == itemId || edge.ToId == itemId) && edge.UserId == caller.UserId
            ? edge
            : throw NotFound();
    }

    private async Task<KnowledgeItem> LoadLiveAsync(AuthenticatedUser caller, string itemId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var item = Ids.IsWellFormed(itemId) ? await items.GetAsync(caller.UserId, itemId, cancellationToken) : null;
        return item is { DeletedAt: null } && item.UserId == caller.UserId ? item : throw KmtException.NotFound("Knowledge item");
    }

    private static KmtException NotFound() => KmtException.NotFound("Relationship");

    [GeneratedRegex("^[a-z][a-z0-9_-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex TypePattern();
}
