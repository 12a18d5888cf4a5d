using System.Text.Json;
using Kmt.Core.Common;
using Microsoft.Extensions.Options;

namespace Kmt.Core.Insights.Discovery;

/// <summary>
/// The discovery steps of the insight pipeline, after importance (docs/design/insights.md, "Insight
/// pipeline"): dormant discoveries, knowledge gaps, then content and learning recommendations. Each
/// reads the person's history as of the run's as-of time and stores what it found under ids derived
/// from (user, kind, subject): a repeated step writes the same records, an insight found by an earlier
/// run keeps its status (a dismissed one stays dismissed for <see cref="DiscoveryOptions.DismissCooldown"/>),
/// and what the run no longer finds stops being current. Gaps also read the person's knowledge graph
/// (<see cref="GapGraphReader"/>) when the host has one.
/// </summary>
public sealed class DiscoveryPipelineService(
    DiscoveryInputReader reader,
    DiscoveryInputCache inputs,
    IInsightStore store,
    IInsightRunStore runs,
    IOptions<DiscoveryOptions> options,
    TimeProvider time,
    GapGraphReader? graphs = null)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<int> FindDormantAsync(UserRun key, CancellationToken cancellationToken)
    {
        var input = await ReadAsync(key, cancellationToken);
        var found = DormantRules.Find(input, options.Value);
        return await StoreAsync(key, input.AsOf, InsightKinds.Dormant, found.Select(f => (f.Payload.ItemId, f.Payload.RelevanceScore, (object)f.Payload)).ToList(), cancellationToken);
    }

    public async Task<int> ForecastGapsAsync(UserRun key, CancellationToken cancellationToken)
    {
        var input = await ReadAsync(key, cancellationToken);
        // The graph as valid and known at the run's as-of: the same records on every retry (GapGraphReader).
        var graph = graphs is null ? null : await graphs.ReadAsync(key.UserId, input.AsOf, input.Items.Select(i => i.Id).ToHashSet(StringComparer.Ordinal), cancellationToken);
        var found = GapRules.Find(input, options.Value, graph);
        return await StoreAsync(key, input.AsOf, InsightKinds.Gap, found.Select(g => (g.Topic, g.UrgencyScore, (object)g)).ToList(), cancellationToken);
    }

    /// <summary>Content and learning recommendations; returns how many of both.</summary>
    public async Task<int> RecommendAsync(UserRun key, CancellationToken cancellationToken)
    {
        var input = await ReadAsync(key, cancellationToken);
        inputs.Remove(key); // the run's last discovery step: a retry reads again
        var content = RecommendationRules.Content(input, options.Value);
        var learning = RecommendationRules.Learning(input, options.Value);
        return await StoreAsync(key, input.AsOf, InsightKinds.Content, content.Select(c => (c.Payload.ItemId, c.Score, (object)c.Payload)).ToList(), cancellationToken)
            + await StoreAsync(key, input.AsOf, InsightKinds.Learning, learning.Select(l => (l.Payload.Topic, l.Score, (object)l.Payload)).ToList(), cancellationToken);
    }

    /// <summary>The run's input: from this instance's cache when an earlier step of the run read it here, else from the stores.</summary>
    private Task<DiscoveryInput> ReadAsync(UserRun key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        return inputs.GetOrReadAsync(key, async () =>
        {
            var run = await runs.GetRunAsync(key.UserId, key.RunId, cancellationToken) ?? throw KmtException.NotFound("Insight run");
            return await reader.ReadAsync(key.UserId, key.RunId, run.AsOf, cancellationToken);
        });
    }

    /// <summary>Merges what the step found with what is stored (see the class remarks) and writes only what changed.</summary>
    internal async Task<int> StoreAsync(UserRun key, DateTimeOffset asOf, string kind, IReadOnlyList<(string Subject, double Score, object Payload)> found, CancellationToken cancellationToken)
    {
        var existing = (await store.ListAsync(key.UserId, kind, cancellationToken)).ToDictionary(r => r.Id, StringComparer.Ordinal);
        var now = time.GetUtcNow();
        var records = new List<InsightRecord>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (subject, score, payload) in found)
        {
            var id = InsightIds.For(key.UserId, kind, subject);
            if (!ids.Add(id))
            {
                continue;
            }

            var json = JsonSerializer.Serialize(payload, payload.GetType(), Json);
            if (!existing.TryGetValue(id, out var old))
            {
                records.Add(new InsightRecord
                {
                    UserId = key.UserId, Id = id, Kind = kind, Subject = subject, RunId = key.RunId, Score = score, Status = InsightStatuses.New, Current = true,
                    PayloadJson = json, CreatedAt = now, UpdatedAt = now, StatusChangedAt = now, ETag = ETags.New(),
                });
                continue;
            }

            var resurfaced = old.Status == InsightStatuses.Dismissed && old.StatusChangedAt + options.Value.DismissCooldown <= asOf;
            if (!resurfaced && old.Current && old.RunId == key.RunId && old.Score.Equals(score) && old.PayloadJson == json)
            {
                continue; // the same step again: nothing to write
            }

            records.Add(old with
            {
                RunId = key.RunId, Score = score, Current = true, PayloadJson = json, UpdatedAt = now, ETag = ETags.New(),
                Status = resurfaced ? InsightStatuses.New : old.Status,
                StatusChangedAt = resurfaced ? now : old.StatusChangedAt,
            });
        }

        records.AddRange(existing.Values.Where(r => r.Current && !ids.Contains(r.Id)).Select(r => r with { Current = false, UpdatedAt = now, ETag = ETags.New() }));
        if (records.Count > 0)
        {
            await store.UpsertAsync(key.UserId, records, cancellationToken);
        }

        return ids.Count;
    }
}
