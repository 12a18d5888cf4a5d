using System.Diagnostics;
using Kmt.Core.Accounts;
using Kmt.Core.Common;
using Kmt.Core.Embeddings;
using Kmt.Core.Knowledge;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Stores the corpus as one person's items and embeds their chunks as the product's EmbeddingService does (TextChunker,
/// MiniLM). --title-in-chunks 1 (an experiment, not the product's behaviour) embeds each chunk with the item's title
/// as a header line instead (bench/README.md, "Search quality").
/// </summary>
internal static class Ingest
{
    public static async Task<(string UserId, Dictionary<string, string> ItemIds)> RunAsync(
        IServiceProvider provider, List<CorpusDocument> corpus, IKnowledgeStore items, IEmbeddingStore embeddings,
        IEmbeddingGenerator<string, Embedding<float>> generator, TextChunker chunker, bool titleInChunks)
    {
        var now = DateTimeOffset.UtcNow;
        var user = new User { Id = Ids.New(), Email = "search-bench@example.org", NormalizedEmail = "search-bench@example.org", PasswordHash = "x", Role = Roles.User, CreatedAt = now, UpdatedAt = now, ETag = ETags.New() };
        await provider.GetRequiredService<IUserStore>().CreateAsync(user, default);
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        var chunkCount = 0;
        foreach (var document in corpus)
        {
            var item = new KnowledgeItem
            {
                Id = Ids.New(),
                UserId = user.Id,
                Title = document.Title,
                Content = document.Body,
                ContentLength = document.Body.Length,
                ContentType = "text",
                CreatedAt = now,
                UpdatedAt = now,
                AccessedAt = now,
                ETag = ETags.New(),
            };
            await items.CreateAsync(item, default);
            ids[document.Id] = item.Id;

            var chunks = chunker.Split(item.Content);
            var vectors = await generator.GenerateAsync(chunks.Select(c => titleInChunks ? item.Title + "\n\n" + c.Text : c.Text));
            await embeddings.ReplaceAsync(user.Id, item.Id, chunks.Select((c, i) => new ChunkEmbedding(c.Index, c.Start, c.Length, vectors[i].ModelId ?? "minilm", vectors[i].Vector)).ToList(), default);
            chunkCount += chunks.Count;
            if (ids.Count % 250 == 0)
            {
                Console.WriteLine($"  stored and embedded {ids.Count}/{corpus.Count} documents ({chunkCount} chunks) in {clock.Elapsed.TotalSeconds:F0} s");
            }
        }

        Console.WriteLine($"corpus: {corpus.Count} documents, {chunkCount} chunks stored and embedded in {clock.Elapsed.TotalSeconds:F0} s");
        return (user.Id, ids);
    }
}
