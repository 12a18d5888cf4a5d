using System.Numerics.Tensors;
using System.Text.Json;
using Kmt.Core.Activity;
using Kmt.Core.Common;
using Kmt.Core.Embeddings;
using Kmt.Core.Knowledge;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace Kmt.Core.Insights.Discovery;

/// <summary>
/// Gathers a <see cref="DiscoveryInput"/> for one person at an as-of time: their items (created by
/// then, at most Kmt:Insights:MaxItemsPerSnapshot) with tags, reading-session starts and last access,
/// the run's importance scores and the mean of each item's chunk embeddings; their searches of the
/// last <see cref="DiscoveryOptions.GapWeeks"/> weeks, the recent ones embedded with the same generator
/// as items so they compare.
/// </summary>
public sealed class DiscoveryInputReader(
    IKnowledgeStore items,
    IActivityStore activities,
    IEmbeddingStore embeddings,
    IInsightRunStore runs,
    IEmbeddingGenerator<string, Embedding<float>> generator,
    IOptions<DiscoveryOptions> options,
    IOptions<InsightOptions> insightOptions)
{
    private const int PageSize = 250;
    private const int ActivityPage = 500;

    /// <param name="runId">The run whose importance scores weight items (null: every item weighs 0).</param>
    public async Task<DiscoveryInput> ReadAsync(string userId, string? runId, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var importance = runId is null
            ? new Dictionary<string, double>()
            : (await runs.ListImportanceAsync(userId, runId, int.MaxValue, cancellationToken)).ToDictionary(s => s.ItemId, s => s.Score, StringComparer.Ordinal);
        var sessions = (await activities.ListSessionsAsync(userId, null, cancellationToken))
            .ToLookup(s => s.KnowledgeItemId, s => s.StartTime, StringComparer.Ordinal);

        var list = new List<DiscoveryItem>();
        var limit = Math.Max(0, insightOptions.Value.MaxItemsPerSnapshot);
        KeysetPosition? after = null;
        do
        {
            var page = await items.ListAsync(
                new KnowledgeListQuery { UserId = userId, CreatedAtOrBefore = asOf, After = after, Take = Math.Min(PageSize, limit - list.Count) },
                cancellationToken);
            // One embedding read per page of items, not one per item.
            var vectors = await embeddings.GetManyAsync(userId, page.Items.Select(i => i.Id).ToArray(), cancellationToken);
            foreach (var item in page.Items)
            {
                var accesses = sessions[item.Id].ToList();
                if (item.AccessedAt > item.CreatedAt && item.AccessedAt <= asOf && !accesses.Contains(item.AccessedAt))
                {
                    accesses.Add(item.AccessedAt);
                }

                var vector = vectors.TryGetValue(item.Id, out var chunks) ? MeanVector(chunks) : null;
                list.Add(new DiscoveryItem(item.Id, item.Title, item.Tags, item.WordCount, item.CreatedAt, accesses, importance.GetValueOrDefault(item.Id), vector));
            }

            after = page.Next;
        }
        while (after is not null && list.Count < limit);

        var searches = await ReadSearchesAsync(userId, asOf, cancellationToken);
        return new DiscoveryInput(asOf, list, searches);
    }

    private async Task<IReadOnlyList<DiscoverySearch>> ReadSearchesAsync(string userId, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var found = new List<(string Query, DateTimeOffset At)>();
        ActivityPosition? after = null;
        while (true)
        {
            var page = await activities.ListRangeAsync(userId, asOf.AddDays(-7 * Math.Max(1, settings.GapWeeks)), asOf.AddTicks(1), after, ActivityPage, cancellationToken);
            found.AddRange(page.Where(a => a.ActivityType == SearchHistory.ActivityType).Select(a => (QueryOf(a.MetadataJson), a.OccurredAt)).Where(s => s.Item1.Length > 0));
            if (page.Count < ActivityPage)
            {
                break;
            }

            after = new ActivityPosition(page[^1].OccurredAt, page[^1].Id);
        }

        var recent = found.Where(s => s.At > asOf - settings.RecentWindow)
            .OrderByDescending(s => s.At)
            .Select(s => s.Query)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Take(Math.Max(0, settings.MaxContexts))
            .ToList();
        var vectors = new Dictionary<string, float[]>(StringComparer.OrdinalIgnoreCase);
        if (recent.Count > 0)
        {
            var generated = await generator.GenerateAsync(recent, options: null, cancellationToken);
            for (var i = 0; i < recent.Count && i < generated.Count; i++)
            {
                vectors[recent[i]] = Normalised(generated[i].Vector.ToArray());
            }
        }

        return found.Select(s => new DiscoverySearch(s.Query, s.At, vectors.GetValueOrDefault(s.Query) is { } v && s.At > asOf - settings.RecentWindow ? v : null)).ToList();
    }

    private static string QueryOf(string metadataJson)
    {
        try
        {
            using var document = JsonDocument.Parse(string.IsNullOrEmpty(metadataJson) ? "{}" : metadataJson);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("query", out var query) && query.ValueKind == JsonValueKind.String
                ? query.GetString()!.Trim()
                : "";
        }
        catch (JsonException)
        {
            return ""; // metadata is the client's: a malformed one is not a search we can use
        }
    }

    /// <summary>The normalised mean of the chunks of the most common model (null without chunks).</summary>
    internal static float[]? MeanVector(IReadOnlyList<ChunkEmbedding> chunks) =>
        ItemVector.FromChunks("", chunks)?.Vector;

    private static float[] Normalised(float[] vector)
    {
        var norm = TensorPrimitives.Norm(vector);
        if (norm > 0)
        {
            TensorPrimitives.Divide(vector, norm, vector);
        }

        return vector;
    }
}
