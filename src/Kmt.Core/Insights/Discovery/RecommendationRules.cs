namespace Kmt.Core.Insights.Discovery;

/// <summary>
/// Recommendations (docs/design/insights.md, "Insight pipeline"). Content: the person's items not opened
/// or captured within <see cref="DiscoveryOptions.RecentWindow"/>, ranked by importance × (1 − R) ×
/// (0.2 + 0.8 × relevance), relevance being the best cosine to recent contexts (the floor keeps an
/// order for a person with no recent activity). Learning: a topic's items ordered foundational first:
/// by the mean of their ranks in word count (shorter first) and creation order (older first).
/// </summary>
public static class RecommendationRules
{
    public static IReadOnlyList<(ContentPayload Payload, double Score)> Content(DiscoveryInput input, DiscoveryOptions options)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        var contexts = DormantRules.RecentContexts(input, options);
        var since = input.AsOf - options.RecentWindow;
        var ranked = new List<(ContentPayload, double)>();
        foreach (var item in input.Items)
        {
            var (_, r, last) = Forgetting.Estimate(item.CreatedAt, item.Accesses, input.AsOf);
            if (last > since)
            {
                continue;
            }

            var closest = item.Vector is null ? [] : DormantRules.Closest(item.Id, item.Vector, contexts, 0);
            var relevance = closest.Count == 0 ? 0 : Math.Max(0, closest[0].Similarity);
            var importance = Math.Clamp(item.Importance, 0, 1);
            var score = Math.Round(importance * (1 - r) * (0.2 + (0.8 * relevance)), 6);
            if (score <= 0)
            {
                continue;
            }

            var why = $"Importance {importance:0.00}, recall now about {r:0%}" + (closest.Count > 0 && relevance >= options.MinSimilarity ? "; " + DormantRules.Describe([closest[0]]) : ".");
            ranked.Add((new ContentPayload(item.Id, item.Title, Math.Round(importance, 4), Math.Round(r, 4), Math.Round(relevance, 4), why), score));
        }

        return ranked.OrderByDescending(x => x.Item2).ThenBy(x => x.Item1.ItemId, StringComparer.Ordinal).Take(Math.Max(0, options.MaxContentRecommendations)).ToList();
    }

    /// <summary>A learning path through the topic's items (null when it holds fewer than two).</summary>
    public static LearningPayload? Path(Topic topic, DiscoveryInput input, DiscoveryOptions options)
    {
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        var items = input.Items.Where(topic.Holds).ToList();
        if (items.Count < 2)
        {
            return null;
        }

        var byWords = Ranks(items.OrderBy(i => i.WordCount).ThenBy(i => i.CreatedAt));
        var byAge = Ranks(items.OrderBy(i => i.CreatedAt).ThenBy(i => i.WordCount));
        var steps = items
            .OrderBy(i => byWords[i.Id] + byAge[i.Id])
            .ThenBy(i => i.CreatedAt)
            .ThenBy(i => i.Id, StringComparer.Ordinal)
            .Take(Math.Max(2, options.MaxLearningSteps))
            .Select((i, n) => new LearningStep(n + 1, i.Id, i.Title, i.WordCount, i.CreatedAt))
            .ToList();
        return new LearningPayload(topic.Key, topic.Name, steps, $"Your {items.Count} items on {topic.Name}, shorter and earlier ones first: they tend to be the foundations the later ones build on.");
    }

    /// <summary>Paths for the topics most in demand lately (gap topics first), at most <see cref="DiscoveryOptions.MaxLearningPaths"/>.</summary>
    public static IReadOnlyList<(LearningPayload Payload, double Score)> Learning(DiscoveryInput input, DiscoveryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var paths = new List<(LearningPayload, double)>();
        foreach (var topic in Topic.Of(input))
        {
            var demand = GapRules.WeeklyDemand(topic, input, options.GapWeeks).Sum();
            if (demand > 0 && Path(topic, input, options) is { } path)
            {
                paths.Add((path, demand));
            }
        }

        return paths.OrderByDescending(p => p.Item2).ThenBy(p => p.Item1.Topic, StringComparer.Ordinal).Take(Math.Max(0, options.MaxLearningPaths)).ToList();
    }

    private static Dictionary<string, int> Ranks(IEnumerable<DiscoveryItem> ordered) =>
        ordered.Select((item, rank) => (item.Id, rank)).ToDictionary(x => x.Id, x => x.rank, StringComparer.Ordinal);
}
