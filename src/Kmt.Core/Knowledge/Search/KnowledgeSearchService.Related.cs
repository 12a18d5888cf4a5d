using Kmt.Core.Accounts;
using Kmt.Core.Common;
using Kmt.Core.Graph;

namespace Kmt.Core.Knowledge.Search;

public sealed partial class KnowledgeSearchService
{
    /// <summary>
    /// The caller's live items closest in meaning to <paramref name="itemId"/> (the mean of its chunk vectors, or
    /// its title and opening embedded now while its vectors are pending), one entry per item, the item itself left
    /// out and, with exclude_linked, the items it has a relationship with (links_to either way).
    /// </summary>
    /// <param name="limit">1 to <see cref="SearchOptions.RelatedMaxLimit"/>; default <see cref="SearchOptions.RelatedDefaultLimit"/>.</param>
    /// <param name="excludeLinked">"true" or "false" (the default).</param>
    public async Task<IReadOnlyList<RelatedNote>> RelatedAsync(AuthenticatedUser caller, string itemId, string? limit, string? excludeLinked, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var validation = new Validation();
        var take = _options.RelatedDefaultLimit;
        if (!string.IsNullOrEmpty(limit) && (!int.TryParse(limit, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out take) || take < 1 || take > _options.RelatedMaxLimit))
        {
            validation.Add("limit", $"limit must be a whole number from 1 to {_options.RelatedMaxLimit}.");
        }

        var withoutLinked = excludeLinked switch
        {
            null or "" or "false" => false,
            "true" => true,
            _ => Invalid(validation),
        };
        validation.ThrowIfInvalid();

        var item = await items.GetAsync(caller.UserId, itemId, cancellationToken).ConfigureAwait(false);
        if (item is null || item.UserId != caller.UserId || item.DeletedAt is not null)
        {
            throw KmtException.NotFound("The knowledge item");
        }

        var (model, vector) = await ItemVectorAsync(item, cancellationToken).ConfigureAwait(false);
        var linked = new HashSet<string>(StringComparer.Ordinal);
        if (withoutLinked && graph is not null)
        {
            foreach (var edge in await graph.GetCurrentEdgesAsync(caller.UserId, itemId, GraphEdgeLabels.LinksTo, cancellationToken).ConfigureAwait(false))
            {
                linked.Add(edge.FromId == itemId ? edge.ToId : edge.FromId);
            }
        }

        var nearest = await embeddings.NearestAsync(caller.UserId, model, vector, take + linked.Count + 1 + (take / 2), cancellationToken).ConfigureAwait(false);
        var candidates = nearest.Where(n => n.ItemId != itemId && !linked.Contains(n.ItemId) && n.Similarity >= _options.RelatedMinSimilarity).ToList();
        var loaded = await LoadAsync(caller.UserId, candidates.Select(c => c.ItemId), cancellationToken).ConfigureAwait(false);
        var entities = await EntitiesAsync(caller.UserId, itemId, cancellationToken).ConfigureAwait(false);

        var related = new List<RelatedNote>();
        foreach (var near in candidates.Where(c => loaded.ContainsKey(c.ItemId)).Take(take))
        {
            var other = loaded[near.ItemId];
            var sharedTags = item.Tags.Intersect(other.Tags, StringComparer.Ordinal).ToList();
            var sharedEntities = new List<string>();
            if (entities.Count > 0)
            {
                var theirs = await EntitiesAsync(caller.UserId, other.Id, cancellationToken).ConfigureAwait(false);
                sharedEntities = entities.Where(e => theirs.ContainsKey(e.Key)).Select(e => e.Value).Order(StringComparer.Ordinal).ToList();
            }

            var passage = PassageSnippet.Build(other.Content, near.ChunkStart, near.ChunkLength, null, _options.PassageCharacters);
            related.Add(new RelatedNote(KnowledgePreview.ForListing(other), near.Similarity, sharedTags, sharedEntities, passage));
        }

        return related;
    }

    private static bool Invalid(Validation validation)
    {
        validation.Add("exclude_linked", "exclude_linked must be true or false.");
        return false;
    }

    /// <summary>The item's vector: the normalised mean of its chunks' (one model's), else its title and opening embedded now.</summary>
    private async Task<(string Model, ReadOnlyMemory<float> Vector)> ItemVectorAsync(KnowledgeItem item, CancellationToken cancellationToken)
    {
        var chunks = await embeddings.GetAsync(item.UserId, item.Id, cancellationToken).ConfigureAwait(false);
        if (chunks.Count > 0 && chunks[0].Vector.Length > 0)
        {
            var model = chunks[0].Model;
            var sum = new float[chunks[0].Vector.Length];
            foreach (var chunk in chunks.Where(c => c.Model == model && c.Vector.Length == sum.Length))
            {
                var span = chunk.Vector.Span;
                for (var d = 0; d < sum.Length; d++)
                {
                    sum[d] += span[d];
                }
            }

            var norm = Math.Sqrt(sum.Sum(v => (double)v * v));
            for (var d = 0; d < sum.Length && norm > 0; d++)
            {
                sum[d] = (float)(sum[d] / norm);
            }

            return (model, sum);
        }

        if (generator is null)
        {
            throw KmtException.FeatureUnavailable("embeddings", "Related notes need an embedding model, and none is configured on this server.");
        }

        return await EmbedAsync(item.Title + "\n" + TextCut.Head(item.Content, 2_000), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Entity vertex ids the item mentions, with their names.</summary>
    private async Task<Dictionary<string, string>> EntitiesAsync(string userId, string itemId, CancellationToken cancellationToken)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        if (graph is null)
        {
            return names;
        }

        foreach (var edge in await graph.GetCurrentEdgesAsync(userId, itemId, GraphEdgeLabels.Mentions, cancellationToken).ConfigureAwait(false))
        {
            var entityId = edge.FromId == itemId ? edge.ToId : edge.FromId;
            if (!names.ContainsKey(entityId) && await graph.GetVertexAsync(userId, entityId, cancellationToken).ConfigureAwait(false) is { } vertex)
            {
                names[entityId] = vertex.Name;
            }
        }

        return names;
    }
}
