using Kmt.Core.Insights.Discovery;

namespace Kmt.Core.Tests.Insights.Discovery;

/// <summary>The scoring rules over hand-built histories: unit vectors along axes make similarities exact.</summary>
public sealed class DiscoveryRulesTests
{
    private static readonly DateTimeOffset AsOf = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DiscoveryOptions Options = new();

    [Fact]
    public void An_old_untouched_item_close_to_a_recent_read_is_dormant_and_names_that_read()
    {
        var old = Item("old", "Bayes basics", Axis(0), created: AsOf.AddDays(-200), importance: 0.8);
        var unrelated = Item("other", "Gardening", Axis(2), created: AsOf.AddDays(-200));
        var recent = Item("recent", "Bayesian workflow", Near(0, 0.9), created: AsOf.AddDays(-100), accesses: [AsOf.AddDays(-2)]);

        var found = DormantRules.Find(new DiscoveryInput(AsOf, [old, unrelated, recent], []), Options);

        var discovery = Assert.Single(found).Payload;
        Assert.Equal("old", discovery.ItemId);
        Assert.Contains("“Bayesian workflow”", discovery.ContextDescription, StringComparison.Ordinal);
        Assert.Equal("read", discovery.Contexts[0].Kind);
        Assert.True(discovery.Retrievability <= Options.MaxRetrievability);
        Assert.Equal(Math.Round(discovery.Contexts[0].Similarity * (0.5 + (0.5 * 0.8)), 4), discovery.RelevanceScore, 4);
    }

    [Fact]
    public void A_recent_search_makes_an_item_relevant_and_importance_orders_equally_similar_items()
    {
        var low = Item("low", "Kalman filters", Axis(1), created: AsOf.AddDays(-300), importance: 0.1);
        var high = Item("high", "State estimation", Axis(1), created: AsOf.AddDays(-300), importance: 0.9);
        var search = new DiscoverySearch("kalman filter tuning", AsOf.AddDays(-1), Axis(1));

        var found = DormantRules.Find(new DiscoveryInput(AsOf, [low, high], [search]), Options);

        Assert.Equal(["high", "low"], found.Select(f => f.Payload.ItemId));
        Assert.Equal("Relevant to your search “kalman filter tuning”.", found[0].Payload.ContextDescription);
    }

    [Fact]
    public void A_query_searched_several_times_is_named_once_and_other_contexts_still_count()
    {
        var old = Item("old", "Kalman filters", Axis(1), created: AsOf.AddDays(-300));
        var searches = new[] { 1, 2, 3 }.Select(d => new DiscoverySearch(d == 2 ? "Kalman Filter Tuning" : "kalman filter tuning", AsOf.AddDays(-d), Axis(1)))
            .Append(new DiscoverySearch("state estimation", AsOf.AddDays(-4), Near(1, 0.8)));

        var discovery = Assert.Single(DormantRules.Find(new DiscoveryInput(AsOf, [old], searches.ToList()), Options)).Payload;

        Assert.Equal(["kalman filter tuning", "state estimation"], discovery.Contexts.Select(c => c.Text));
        Assert.Equal("Relevant to your search “kalman filter tuning” and your search “state estimation”.", discovery.ContextDescription);
    }

    [Fact]
    public void An_item_opened_recently_or_still_well_remembered_is_not_dormant()
    {
        var touched = Item("touched", "Bayes basics", Axis(0), created: AsOf.AddDays(-200), accesses: [AsOf.AddDays(-10)]);
        var search = new DiscoverySearch("bayes", AsOf.AddDays(-1), Axis(0));

        Assert.Empty(DormantRules.Find(new DiscoveryInput(AsOf, [touched], [search]), Options));
        Assert.Empty(DormantRules.Find(new DiscoveryInput(AsOf, [touched], [search]), new DiscoveryOptions { DormantAfter = TimeSpan.FromDays(5), MaxRetrievability = 0.5 }));
    }

    [Fact]
    public void A_searched_topic_with_rising_demand_and_no_holdings_is_a_gap_with_a_near_need_date()
    {
        var searches = new[] { 20, 10, 6, 5, 2, 1 }.Select((d, i) => new DiscoverySearch(i % 2 == 0 ? "rust async" : "Rust Async runtimes", AsOf.AddDays(-d), null)).ToList();
        var held = Item("held", "Knitting", null, created: AsOf.AddDays(-30), tags: ["crafts"]);

        var gaps = GapRules.Find(new DiscoveryInput(AsOf, [held], searches), Options);

        var gap = Assert.Single(gaps);
        Assert.Equal("term:rust async", gap.Topic);
        Assert.Equal("Rust async", gap.Name);
        Assert.Equal(0, gap.Holdings);
        Assert.Equal(6, gap.RecentDemand);
        Assert.InRange(gap.UrgencyScore, 0.5, 1);
        Assert.InRange(gap.PredictedNeedDate, AsOf, AsOf.AddDays(7));
        Assert.InRange(gap.ConfidenceScore, 0.05, 0.95);
        Assert.Equal(GapRules.Forecaster, gap.Forecaster);
        Assert.Equal(["Rust Async runtimes", "rust async"], gap.Searches); // newest first, each query once
        Assert.Empty(gap.ItemIds);
        Assert.Empty(gap.RelatedEntities);
    }

    [Fact]
    public void A_topic_in_steady_demand_with_thin_holdings_is_a_gap_named_steady()
    {
        // One search a week for eight weeks: not rising, and still needed (bench/README.md, "Knowledge gaps").
        var searches = Enumerable.Range(0, 8).Select(w => new DiscoverySearch("kalman filter", AsOf.AddDays(-(7 * w) - 3), null)).ToList();

        var gap = Assert.Single(GapRules.Find(new DiscoveryInput(AsOf, [], searches), Options));

        Assert.Equal("term:kalman filter", gap.Topic);
        Assert.Equal(1, gap.ForecastWeeklyDemand, 9);
        Assert.Equal(0.5, gap.UrgencyScore, 9);
        Assert.Contains("steady", gap.Reasoning, StringComparison.Ordinal);
    }

    [Fact]
    public void A_topic_with_falling_demand_or_plenty_of_holdings_is_no_gap()
    {
        var falling = new[] { 50, 49, 48, 47, 40 }.Select(d => new DiscoverySearch("cobol", AsOf.AddDays(-d), null));
        var rising = new[] { 10, 5, 2, 1 }.Select(d => new DiscoverySearch("physics", AsOf.AddDays(-d), null));
        var physics = Enumerable.Range(0, 5).Select(i => Item("p" + i, "Notes " + i, null, created: AsOf.AddDays(-100), tags: ["science/physics"]));

        Assert.Empty(GapRules.Find(new DiscoveryInput(AsOf, [.. physics], [.. falling, .. rising]), Options));
    }

    [Fact]
    public void Content_recommendations_prefer_important_forgotten_relevant_items_and_skip_recently_read_ones()
    {
        var forgottenRelevant = Item("a", "A", Axis(0), created: AsOf.AddDays(-300), importance: 0.9);
        var forgottenIrrelevant = Item("b", "B", Axis(3), created: AsOf.AddDays(-300), importance: 0.9);
        var unimportant = Item("c", "C", Axis(0), created: AsOf.AddDays(-300), importance: 0.05);
        var recentlyRead = Item("d", "D", Axis(0), created: AsOf.AddDays(-300), importance: 1, accesses: [AsOf.AddDays(-1)]);

        var content = RecommendationRules.Content(new DiscoveryInput(AsOf, [forgottenRelevant, forgottenIrrelevant, unimportant, recentlyRead], []), Options);

        Assert.Equal(["a", "b", "c"], content.Select(c => c.Payload.ItemId));
    }

    [Fact]
    public void A_learning_path_puts_short_early_items_first()
    {
        var advanced = Item("adv", "Advanced", null, created: AsOf.AddDays(-10), tags: ["ml"], words: 5000);
        var intro = Item("intro", "Intro", null, created: AsOf.AddDays(-100), tags: ["ml"], words: 300);
        var middle = Item("mid", "Middle", null, created: AsOf.AddDays(-50), tags: ["ml/deep"], words: 1500);
        var topic = Topic.Of(new DiscoveryInput(AsOf, [advanced, intro, middle], [])).First(t => t.Key == "tag:ml");

        var path = RecommendationRules.Path(topic, new DiscoveryInput(AsOf, [advanced, intro, middle], []), Options);

        Assert.Equal(["intro", "mid", "adv"], path!.Steps.Select(s => s.ItemId));
        Assert.Equal([1, 2, 3], path.Steps.Select(s => s.Order));
    }

    internal static DiscoveryItem Item(string id, string title, float[]? vector, DateTimeOffset created, double importance = 0.5, DateTimeOffset[]? accesses = null, string[]? tags = null, int words = 500) =>
        new(id, title, tags ?? [], words, created, accesses ?? [], importance, vector);

    internal static float[] Axis(int i)
    {
        var v = new float[4];
        v[i] = 1;
        return v;
    }

    private static float[] Near(int i, double cosine)
    {
        var v = new float[4];
        v[i] = (float)cosine;
        v[(i + 1) % 4] = (float)Math.Sqrt(1 - (cosine * cosine));
        return v;
    }
}
