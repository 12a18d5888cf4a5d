using System.Numerics.Tensors;

namespace Kmt.Core.Insights.Discovery;

/// <summary>
/// Dormant knowledge (docs/design/insights.md, "Insight pipeline"): items untouched for
/// <see cref="DiscoveryOptions.DormantAfter"/> whose FSRS retrievability has fallen to
/// <see cref="DiscoveryOptions.MaxRetrievability"/> or below, and whose embedding is close to what the
/// person read, captured or searched within <see cref="DiscoveryOptions.RecentWindow"/>.
/// relevance_score = best cosine × (0.5 + 0.5 × importance); ranked by relevance_score × (1 − R).
/// </summary>
public static class DormantRules
{
    /// <summary>The person's recent contexts, newest first, each distinct (kind, item, text) once, at most <see cref="DiscoveryOptions.MaxContexts"/>.</summary>
    public static IReadOnlyList<(RelevanceContext Context, float[] Vector, DateTimeOffset At)> RecentContexts(DiscoveryInput input, DiscoveryOptions options)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        var since = input.AsOf - options.RecentWindow;
        var contexts = new List<(RelevanceContext, float[], DateTimeOffset)>();
        foreach (var item in input.Items.Where(i => i.Vector is not null))
        {
            var read = item.Accesses.Where(a => a > since && a <= input.AsOf).DefaultIfEmpty().Max();
            if (read != default)
            {
                contexts.Add((new RelevanceContext("read", item.Id, item.Title, 0), item.Vector!, read));
            }
            else if (item.CreatedAt > since && item.CreatedAt <= input.AsOf)
            {
                contexts.Add((new RelevanceContext("capture", item.Id, item.Title, 0), item.Vector!, item.CreatedAt));
            }
        }

        contexts.AddRange(input.Searches
            .Where(s => s.Vector is not null && s.At > since && s.At <= input.AsOf)
            .Select(s => (new RelevanceContext("search", null, s.Query, 0), s.Vector!, s.At)));
        // A query searched several times is one context (its newest search), so a description names it once.
        return contexts.OrderByDescending(c => c.Item3).ThenBy(c => c.Item1.Text, StringComparer.Ordinal)
            .DistinctBy(c => (c.Item1.Kind, c.Item1.ItemId, c.Item1.Text.ToUpperInvariant()))
            .Take(Math.Max(0, options.MaxContexts)).ToList();
    }

    /// <summary>The recent contexts closest to <paramref name="vector"/> (at least the minimum similarity, best first, at most three), excluding the item itself.</summary>
    public static IReadOnlyList<RelevanceContext> Closest(string itemId, float[] vector, IReadOnlyList<(RelevanceContext Context, float[] Vector, DateTimeOffset At)> contexts, double minSimilarity)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        return contexts
            .Where(c => c.Context.ItemId != itemId && c.Vector.Length == vector.Length)
            .Select(c => c.Context with { Similarity = Math.Round(TensorPrimitives.CosineSimilarity(vector, c.Vector), 4) })
            .Where(c => c.Similarity >= minSimilarity)
            .OrderByDescending(c => c.Similarity)
            .ThenBy(c => c.Text, StringComparer.Ordinal)
            .Take(3)
            .ToList();
    }

    /// <summary>The run's dormant discoveries, best first, at most <see cref="DiscoveryOptions.MaxDiscoveries"/>.</summary>
    public static IReadOnlyList<(DormantPayload Payload, double Rank)> Find(DiscoveryInput input, DiscoveryOptions options)
    {
        var contexts = RecentContexts(input, options);
        var found = new List<(DormantPayload, double)>();
        foreach (var item in input.Items.Where(i => i.Vector is not null))
        {
            var (stability, r, last) = Forgetting.Estimate(item.CreatedAt, item.Accesses, input.AsOf);
            if (input.AsOf - last < options.DormantAfter || r > options.MaxRetrievability)
            {
                continue;
            }

            var closest = Closest(item.Id, item.Vector!, contexts, options.MinSimilarity);
            if (closest.Count == 0)
            {
                continue;
            }

            var relevance = Math.Round(closest[0].Similarity * (0.5 + (0.5 * Math.Clamp(item.Importance, 0, 1))), 4);
            var payload = new DormantPayload(item.Id, item.Title, relevance, Math.Round(r, 4), Math.Round(stability, 2), last, Describe(closest), closest);
            found.Add((payload, relevance * (1 - r)));
        }

        return found.OrderByDescending(f => f.Item2).ThenBy(f => f.Item1.ItemId, StringComparer.Ordinal).Take(Math.Max(0, options.MaxDiscoveries)).ToList();
    }

    /// <summary>"Relevant to your recent reading of “A”, your capture of “B” and your search “c”."</summary>
    public static string Describe(IReadOnlyList<RelevanceContext> contexts)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        var parts = contexts.Select(c => c.Kind switch
        {
            "read" => $"your recent reading of “{c.Text}”",
            "capture" => $"your recent capture “{c.Text}”",
            _ => $"your search “{c.Text}”",
        }).ToList();
        var joined = parts.Count == 1 ? parts[0] : string.Join(", ", parts.Take(parts.Count - 1)) + " and " + parts[^1];
        return $"Relevant to {joined}.";
    }
}
