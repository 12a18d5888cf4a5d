using System.Numerics.Tensors;
using Microsoft.Extensions.Options;

namespace Kmt.Core.Graph;

/// <summary>
/// Resolution by embedding similarity (docs/design/graph.md, "Entity resolution"), the step after keys
/// and aliases: a new name is compared with the person's existing entities of the same category, and
/// joins the closest one whose name's cosine is at least <see cref="EntityResolutionOptions.MinCosine"/>
/// only when the graph supports it: at least <see cref="EntityResolutionOptions.MinSharedEntities"/> of
/// the other entities this item mentions are mentioned together with the candidate in some item. A
/// close name without that support stays a new entity (similar names of different things, "Java" the
/// island and the language, are common). Both stores share this rule through the graph port.
/// </summary>
public sealed class EntitySimilarity(IGraphStore graph, EntityNameEmbeddings embeddings, IOptions<EntityResolutionOptions> options)
{
    /// <summary>Candidates above the threshold whose evidence is checked, best first (each check reads edges).</summary>
    private const int MaxChecked = 3;

    /// <summary>
    /// For each new mention (by resolution key) that joins an existing entity, the entity, score and evidence.
    /// </summary>
    /// <param name="mentions">Mentions that matched no entity by key or alias.</param>
    /// <param name="context">The existing, unmerged entities the same item mentions (the evidence's source).</param>
    public async Task<IReadOnlyDictionary<string, SimilarEntity>> MatchAsync(string userId, IReadOnlyList<ItemMention> mentions, IReadOnlyList<GraphVertex> context, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        var matches = new Dictionary<string, SimilarEntity>(StringComparer.Ordinal);
        if (!limits.EmbeddingEnabled || !embeddings.IsAvailable || mentions.Count == 0
            || (limits.MinSharedEntities > 0 && context.Count < limits.MinSharedEntities))
        {
            return matches;
        }

        var entities = (await graph.ListEntitiesAsync(userId, limits.MaxCandidates, cancellationToken).ConfigureAwait(false))
            .Where(e => e.Kind == GraphVertexKinds.Entity && e.MergedIntoId is null).ToList();
        var pairs = mentions
            .Select(m => (Mention: m, Candidates: entities.Where(e => string.Equals(e.Category, m.Category, StringComparison.Ordinal)).ToList()))
            .Where(p => p.Candidates.Count > 0).ToList();
        if (pairs.Count == 0)
        {
            return matches;
        }

        var vectors = await embeddings.EmbedAsync(pairs.Select(p => p.Mention.Text).Concat(pairs.SelectMany(p => p.Candidates.Select(c => c.Name))), cancellationToken).ConfigureAwait(false);
        var itemsOf = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var (mention, candidates) in pairs)
        {
            var key = EntityNames.Key(mention.Text);
            var normalized = EntityNames.Normalize(mention.Text);
            var close = candidates
                .Where(c => !EntitySplit.RefusesName(c, key, normalized))
                .Select(c => (Entity: c, Score: (double)TensorPrimitives.CosineSimilarity(vectors[mention.Text], vectors[c.Name])))
                .Where(c => c.Score >= limits.MinCosine)
                .OrderByDescending(c => c.Score).ThenBy(c => c.Entity.Id, StringComparer.Ordinal)
                .Take(MaxChecked);
            foreach (var (entity, score) in close)
            {
                var evidence = await SharedEntitiesAsync(userId, entity, context, itemsOf, cancellationToken).ConfigureAwait(false);
                if (evidence.Count >= limits.MinSharedEntities)
                {
                    matches[key] = new SimilarEntity(entity, score, evidence);
                    break;
                }
            }
        }

        return matches;
    }

    /// <summary>The names of the context entities that some item mentions together with <paramref name="candidate"/>.</summary>
    private async Task<IReadOnlyList<string>> SharedEntitiesAsync(string userId, GraphVertex candidate, IReadOnlyList<GraphVertex> context, Dictionary<string, HashSet<string>> itemsOf, CancellationToken cancellationToken)
    {
        var candidateItems = await ItemsMentioningAsync(userId, candidate.Id, itemsOf, cancellationToken).ConfigureAwait(false);
        var shared = new List<string>();
        foreach (var other in context.Where(c => c.Id != candidate.Id))
        {
            if ((await ItemsMentioningAsync(userId, other.Id, itemsOf, cancellationToken).ConfigureAwait(false)).Overlaps(candidateItems))
            {
                shared.Add(other.Name);
            }
        }

        return shared;
    }

    private async Task<HashSet<string>> ItemsMentioningAsync(string userId, string entityId, Dictionary<string, HashSet<string>> itemsOf, CancellationToken cancellationToken)
    {
        if (!itemsOf.TryGetValue(entityId, out var found))
        {
            var edges = await graph.GetCurrentEdgesAsync(userId, entityId, GraphEdgeLabels.Mentions, cancellationToken).ConfigureAwait(false);
            found = edges.Where(e => e.ToId == entityId).Select(e => e.FromId).ToHashSet(StringComparer.Ordinal);
            itemsOf[entityId] = found;
        }

        return found;
    }
}
