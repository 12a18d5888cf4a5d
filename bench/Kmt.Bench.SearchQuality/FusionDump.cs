using System.Numerics.Tensors;
using System.Text.Json;
using Kmt.Core.Embeddings;
using Kmt.Core.Knowledge;
using Kmt.Core.Knowledge.Search;
using Microsoft.Extensions.AI;

/// <summary>
/// --dump FILE: for each query, the two candidate pools the hybrid mode fuses (keyword: item and BM25 score;
/// semantic: item and best-chunk cosine) and, for every candidate of either pool, its best and second-best
/// chunk cosine, one JSON line per query, so fusion functions can be compared offline in seconds.
/// </summary>
internal static class FusionDump
{
    public static async Task RunAsync(string path, string userId, IReadOnlyList<CorpusDocument> queries, IReadOnlyList<CorpusDocument> corpus, IReadOnlyDictionary<string, string> itemIds,
        IKnowledgeStore items, IEmbeddingStore embeddings, IEmbeddingGenerator<string, Embedding<float>> generator, SearchOptions options)
    {
        var byItem = itemIds.ToDictionary(p => p.Value, p => p.Key);
        await using var writer = new StreamWriter(path);
        var model = generator.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId ?? "unknown";
        var titleOf = corpus.ToDictionary(d => d.Id, d => d.Title);
        var titleVectors = new Dictionary<string, ReadOnlyMemory<float>>();
        foreach (var batch in corpus.Chunk(64))
        {
            var made = await generator.GenerateAsync(batch.Select(d => d.Title));
            for (var i = 0; i < batch.Length; i++)
            {
                titleVectors[batch[i].Id] = made[i].Vector;
            }
        }

        foreach (var document in queries)
        {
            var parsed = SearchQueryParser.Parse(document.Query);
            var query = new KnowledgeSearchQuery
            {
                UserId = userId,
                Query = AnyTermQuery.From(parsed, options.AdjacentPhrases),
                Weights = options.FieldWeights(),
                Skip = 0,
                Take = options.CandidatePool,
                WithSnippets = false,
            };
            var keyword = (await items.SearchAsync(query, default)).Hits.Select(h => (Id: byItem.GetValueOrDefault(h.Item.Id) ?? h.Item.Id, ItemId: h.Item.Id, h.Score)).ToList();
            var vector = (await generator.GenerateAsync([document.Query])).Single().Vector;
            var nearest = await embeddings.NearestAsync(userId, model, vector, options.CandidatePool, default);
            var ids = keyword.Select(k => k.ItemId).Concat(nearest.Select(n => n.ItemId)).Distinct().ToList();
            var chunks = await embeddings.GetManyAsync(userId, ids, default);
            var cosines = new Dictionary<string, double[]>();
            foreach (var id in ids)
            {
                var sims = chunks.TryGetValue(id, out var c) ? c.Select(x => (double)TensorPrimitives.Dot(x.Vector.Span, vector.Span)).OrderDescending().ToArray() : [];
                cosines[byItem.GetValueOrDefault(id) ?? id] = sims;
            }

            var line = new
            {
                target = document.Id,
                query = document.Query,
                words = parsed.Clauses.Count,
                keyword = keyword.Select(k => new object[] { k.Id, k.Score }),
                semantic = nearest.Select(n => new object[] { byItem.GetValueOrDefault(n.ItemId) ?? n.ItemId, n.Similarity }),
                cosines,
                titles = cosines.Keys.ToDictionary(d => d, d => titleVectors.TryGetValue(d, out var t) ? TensorPrimitives.Dot(t.Span, vector.Span) : 0f),
            };
            await writer.WriteLineAsync(JsonSerializer.Serialize(line));
        }
    }
}
