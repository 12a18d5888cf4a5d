using System.Text.Json.Serialization;
using Kmt.Core.Common;
using Kmt.Core.Insights;
using Microsoft.Azure.Cosmos;
using static Kmt.Storage.Cosmos.CosmosOperations;

namespace Kmt.Storage.Cosmos.Insights;

/// <summary>
/// Insight runs in container insights (partition /userId): the run ("run:{runId}"), its feature
/// snapshot ("features:{runId}", then "features:{runId}:{page}" per further 1,000 items: a document
/// holds at most 2 MB) and its scores ("importance:{runId}"), so a save is a few upserts and a retried
/// step replaces rather than adds.
/// </summary>
public sealed class CosmosInsightRunStore(CosmosDatabase database) : IInsightRunStore
{
    public async Task<InsightRun> CreateRunAsync(InsightRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var container = await ContainerAsync(cancellationToken).ConfigureAwait(false);
        if (await TryCreateAsync(container, ToDocument(run), run.UserId, cancellationToken).ConfigureAwait(false))
        {
            return run;
        }

        return await GetRunAsync(run.UserId, run.RunId, cancellationToken).ConfigureAwait(false) ?? run;
    }

    public async Task<InsightRun?> GetRunAsync(string userId, string runId, CancellationToken cancellationToken)
    {
        var container = await ContainerAsync(cancellationToken).ConfigureAwait(false);
        var document = await ReadAsync<RunDocument>(container, "run:" + runId, userId, cancellationToken).ConfigureAwait(false);
        return document is null ? null : ToRun(document);
    }

    /// <summary>
    /// The one cross-partition query of this store (administrators only, a page at a time): the run
    /// documents of <paramref name="runId"/> in user id order.
    /// </summary>
    public async Task<IReadOnlyList<InsightRun>> ListRunsAsync(string runId, string? status, string? afterUserId, int take, CancellationToken cancellationToken)
    {
        if (take <= 0)
        {
            return [];
        }

        var container = await ContainerAsync(cancellationToken).ConfigureAwait(false);
        var query = new QueryDefinition(
                "SELECT * FROM c WHERE c.type = 'run' AND c.runId = @r AND (IS_NULL(@status) OR c.status = @status) AND (IS_NULL(@after) OR c.userId > @after) ORDER BY c.userId")
            .WithParameter("@r", runId)
            .WithParameter("@status", status)
            .WithParameter("@after", afterUserId);
        var runs = new List<InsightRun>();
        using var iterator = container.GetItemQueryIterator<RunDocument>(query, requestOptions: new QueryRequestOptions { MaxItemCount = take });
        while (iterator.HasMoreResults && runs.Count < take)
        {
            foreach (var document in await iterator.ReadNextAsync(cancellationToken).ConfigureAwait(false))
            {
                runs.Add(ToRun(document));
            }
        }

        return runs.Take(take).ToList();
    }

    public async Task UpdateRunAsync(InsightRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var container = await ContainerAsync(cancellationToken).ConfigureAwait(false);
        if (!await TryReplaceAsync(container, ToDocument(run), "run:" + run.RunId, run.UserId, null, "Insight run", cancellationToken).ConfigureAwait(false))
        {
            throw KmtException.NotFound("Insight run");
        }
    }

    public async Task SaveFeaturesAsync(string userId, string runId, IReadOnlyList<ItemFeatures> features, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(features);
        var container = await ContainerAsync(cancellationToken).ConfigureAwait(false);
        var pages = features.Chunk(FeaturesPerDocument).ToList();
        var pageCount = Math.Max(1, pages.Count);

        // Later pages first, the first page (which names the page count) last: a reader never follows it to a page not yet written.
        for (var page = pageCount - 1; page >= 0; page--)
        {
            var document = new FeaturesDocument
            {
                Id = FeaturesId(runId, page),
                UserId = userId,
                RunId = runId,
                Pages = pageCount,
                Items = (page < pages.Count ? pages[page] : []).Select(f => new FeatureRow
                {
                    ItemId = f.ItemId,
                    CreatedAt = CosmosJson.Time(f.CreatedAt),
                    LastAccessedAt = CosmosJson.Time(f.LastAccessedAt),
                    AccessCount = f.AccessCount,
                    WordCount = f.WordCount,
                    Tags = [.. f.Tags],
                    AccessTimes = f.AccessTimes.Select(t => t.ToUnixTimeMilliseconds()).ToList(),
                }).ToList(),
            };
            await UpsertAsync(container, document, userId, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<ItemFeatures>> ListFeaturesAsync(string userId, string runId, CancellationToken cancellationToken)
    {
        var container = await ContainerAsync(cancellationToken).ConfigureAwait(false);
        var first = await ReadAsync<FeaturesDocument>(container, FeaturesId(runId, 0), userId, cancellationToken).ConfigureAwait(false);
        if (first is null)
        {
            return [];
        }

        var rows = new List<FeatureRow>(first.Items);
        for (var page = 1; page < first.Pages; page++)
        {
            var document = await ReadAsync<FeaturesDocument>(container, FeaturesId(runId, page), userId, cancellationToken).ConfigureAwait(false);
            rows.AddRange(document?.Items ?? []);
        }

        return rows
            .Select(f => new ItemFeatures
            {
                ItemId = f.ItemId,
                CreatedAt = CosmosJson.ParseTime(f.CreatedAt),
                LastAccessedAt = CosmosJson.ParseTime(f.LastAccessedAt),
                AccessCount = f.AccessCount,
                WordCount = f.WordCount,
                Tags = f.Tags ?? [],
                AccessTimes = (f.AccessTimes ?? []).Select(DateTimeOffset.FromUnixTimeMilliseconds).ToList(),
            })
            .OrderBy(f => f.ItemId, StringComparer.Ordinal)
            .ToList();
    }

    public async Task<InsightRun?> GetLatestScoredRunAsync(string userId, CancellationToken cancellationToken)
    {
        var container = await ContainerAsync(cancellationToken).ConfigureAwait(false);
        var query = new QueryDefinition(
                "SELECT * FROM c WHERE c.userId = @u AND c.type = 'run' AND c.status = @completed AND IS_NUMBER(c.scoredCount) ORDER BY c.completedAt DESC")
            .WithParameter("@u", userId)
            .WithParameter("@completed", InsightRunStatuses.Completed);
        var documents = await QueryAsync<RunDocument>(container, query, userId, 1, cancellationToken).ConfigureAwait(false);
        return documents.Count == 0 ? null : ToRun(documents[0]);
    }

    public async Task SaveImportanceAsync(string userId, string runId, IReadOnlyList<ImportanceScore> scores, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var container = await ContainerAsync(cancellationToken).ConfigureAwait(false);
        var document = new ImportanceDocument
        {
            Id = "importance:" + runId,
            UserId = userId,
            RunId = runId,
            Scores = scores.Select(s => new ScoreRow
            {
                ItemId = s.ItemId,
                Score = s.Score,
                Model = s.Model,
                Reasoning = s.Reasoning,
                ConfidenceLow = s.ConfidenceLow,
                ConfidenceHigh = s.ConfidenceHigh,
                TargetDate = s.TargetDate is { } target ? CosmosJson.Time(target) : null,
            }).ToList(),
        };
        await UpsertAsync(container, document, userId, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ImportanceScore>> ListImportanceAsync(string userId, string runId, int take, CancellationToken cancellationToken)
    {
        if (take <= 0)
        {
            return [];
        }

        var container = await ContainerAsync(cancellationToken).ConfigureAwait(false);
        var document = await ReadAsync<ImportanceDocument>(container, "importance:" + runId, userId, cancellationToken).ConfigureAwait(false);
        return document is null
            ? []
            : document.Scores
                .OrderByDescending(s => s.Score)
                .ThenBy(s => s.ItemId, StringComparer.Ordinal)
                .Take(take)
                .Select(s => new ImportanceScore
                {
                    ItemId = s.ItemId,
                    Score = s.Score,
                    Model = s.Model,
                    Reasoning = s.Reasoning,
                    ConfidenceLow = s.ConfidenceLow,
                    ConfidenceHigh = s.ConfidenceHigh,
                    TargetDate = s.TargetDate is null ? null : CosmosJson.ParseTime(s.TargetDate),
                })
                .ToList();
    }

    /// <summary>Items per features document: 1,000 items with 32 access times each stay well under the 2 MB document limit.</summary>
    internal const int FeaturesPerDocument = 1000;

    private static string FeaturesId(string runId, int page) => page == 0 ? "features:" + runId : $"features:{runId}:{page}";

    private Task<Container> ContainerAsync(CancellationToken cancellationToken) => database.ContainerAsync(ContainerDefinitions.Insights, cancellationToken);

    private static RunDocument ToDocument(InsightRun run) => new()
    {
        Id = "run:" + run.RunId,
        UserId = run.UserId,
        RunId = run.RunId,
        Trigger = run.Trigger,
        Status = run.Status,
        AsOf = CosmosJson.Time(run.AsOf),
        CreatedAt = CosmosJson.Time(run.CreatedAt),
        UpdatedAt = CosmosJson.Time(run.UpdatedAt),
        CompletedAt = CosmosJson.Time(run.CompletedAt),
        ItemCount = run.ItemCount,
        ScoredCount = run.ScoredCount,
        Error = run.Error,
    };

    private static InsightRun ToRun(RunDocument d) => new()
    {
        UserId = d.UserId,
        RunId = d.RunId,
        Trigger = d.Trigger,
        Status = d.Status,
        AsOf = CosmosJson.ParseTime(d.AsOf),
        CreatedAt = CosmosJson.ParseTime(d.CreatedAt),
        UpdatedAt = CosmosJson.ParseTime(d.UpdatedAt),
        CompletedAt = CosmosJson.ParseTime(d.CompletedAt, nullable: true),
        ItemCount = d.ItemCount,
        ScoredCount = d.ScoredCount,
        Error = d.Error,
    };

    /// <summary>type "run": id = "run:{runId}".</summary>
    internal sealed class RunDocument : Documents.CosmosDocument
    {
        [JsonPropertyName("type")] public string Type { get; set; } = "run";
        [JsonPropertyName("runId")] public string RunId { get; set; } = "";
        [JsonPropertyName("trigger")] public string Trigger { get; set; } = "";
        [JsonPropertyName("status")] public string Status { get; set; } = "";
        [JsonPropertyName("asOf")] public string AsOf { get; set; } = "";
        [JsonPropertyName("createdAt")] public string CreatedAt { get; set; } = "";
        [JsonPropertyName("updatedAt")] public string UpdatedAt { get; set; } = "";
        [JsonPropertyName("completedAt")] public string? CompletedAt { get; set; }
        [JsonPropertyName("itemCount")] public int? ItemCount { get; set; }
        [JsonPropertyName("scoredCount")] public int? ScoredCount { get; set; }
        [JsonPropertyName("error")] public string? Error { get; set; }
    }

    /// <summary>type "features": id = "features:{runId}".</summary>
    internal sealed class FeaturesDocument : Documents.CosmosDocument
    {
        [JsonPropertyName("type")] public string Type { get; set; } = "features";
        [JsonPropertyName("runId")] public string RunId { get; set; } = "";
        [JsonPropertyName("pages")] public int Pages { get; set; } = 1;
        [JsonPropertyName("items")] public List<FeatureRow> Items { get; set; } = [];
    }

    internal sealed class FeatureRow
    {
        [JsonPropertyName("itemId")] public string ItemId { get; set; } = "";
        [JsonPropertyName("createdAt")] public string CreatedAt { get; set; } = "";
        [JsonPropertyName("lastAccessedAt")] public string LastAccessedAt { get; set; } = "";
        [JsonPropertyName("accessCount")] public int AccessCount { get; set; }
        [JsonPropertyName("wordCount")] public int WordCount { get; set; }
        [JsonPropertyName("tags")] public List<string>? Tags { get; set; }
        [JsonPropertyName("accessTimes")] public List<long>? AccessTimes { get; set; }
    }

    /// <summary>type "importance": id = "importance:{runId}".</summary>
    internal sealed class ImportanceDocument : Documents.CosmosDocument
    {
        [JsonPropertyName("type")] public string Type { get; set; } = "importance";
        [JsonPropertyName("runId")] public string RunId { get; set; } = "";
        [JsonPropertyName("scores")] public List<ScoreRow> Scores { get; set; } = [];
    }

    internal sealed class ScoreRow
    {
        [JsonPropertyName("itemId")] public string ItemId { get; set; } = "";
        [JsonPropertyName("score")] public double Score { get; set; }
        [JsonPropertyName("model")] public string Model { get; set; } = "";
        [JsonPropertyName("reasoning")] public string Reasoning { get; set; } = "";
        [JsonPropertyName("confidenceLow")] public double? ConfidenceLow { get; set; }
        [JsonPropertyName("confidenceHigh")] public double? ConfidenceHigh { get; set; }
        [JsonPropertyName("targetDate")] public string? TargetDate { get; set; }
    }
}
