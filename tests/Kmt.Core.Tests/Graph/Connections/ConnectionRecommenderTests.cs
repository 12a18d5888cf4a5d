using System.Numerics.Tensors;
using Kmt.Core.Accounts;
using Kmt.Core.Common;
using Kmt.Core.Embeddings;
using Kmt.Core.Graph;
using Kmt.Core.Graph.Connections;
using Kmt.Core.Insights.Discovery;
using Kmt.Core.Knowledge;
using Kmt.Core.Tests.Fakes;
using Moq;
using static Kmt.Core.Tests.Fakes.TestSupport;

namespace Kmt.Core.Tests.Graph.Connections;

/// <summary>ConnectionRecommender over fakes of its ports: candidates, exclusions, accept through RelationshipService, dismiss.</summary>
public sealed class ConnectionRecommenderTests
{
    private const string Model = "test-model";
    private readonly InMemoryKnowledgeStore _items = new();
    private readonly InMemoryEmbeddingStore _embeddings = new();
    private readonly Mock<IGraphStore> _graph = new();
    private readonly Mock<IInsightStore> _decisions = new();
    private readonly List<InsightRecord> _stored = [];
    private readonly List<InsightFeedback> _feedback = [];
    private readonly List<GraphWriteBatch> _writes = [];
    private readonly Dictionary<string, IReadOnlyList<GraphEdge>> _linksOutside = new(StringComparer.Ordinal);
    private readonly AuthenticatedUser _caller = Caller();
    private readonly ConnectionOptions _options = new();
    private readonly ConnectionGraphs _graphBuilder;

    public ConnectionRecommenderTests()
    {
        _graphBuilder = new ConnectionGraphs(_caller.UserId, Start);
        _graph.Setup(g => g.QueryAsync(It.IsAny<GraphSnapshotQuery>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((GraphSnapshotQuery q, CancellationToken _) => q.UserId == _caller.UserId ? _graphBuilder.Build() : new GraphSnapshot([], [], false));
        _graph.Setup(g => g.GetCurrentEdgesAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string _, string id, string? _, CancellationToken _) => _linksOutside.GetValueOrDefault(id) ?? []);
        _graph.Setup(g => g.ApplyAsync(It.IsAny<GraphWriteBatch>(), It.IsAny<CancellationToken>())).Callback((GraphWriteBatch b, CancellationToken _) => _writes.Add(b)).Returns(Task.CompletedTask);
        _decisions.Setup(d => d.ListAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string u, string k, CancellationToken _) => _stored.Where(r => r.UserId == u && r.Kind == k).ToList());
        _decisions.Setup(d => d.GetAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string u, string id, CancellationToken _) => _stored.FirstOrDefault(r => r.UserId == u && r.Id == id));
        _decisions.Setup(d => d.UpsertAsync(It.IsAny<string>(), It.IsAny<IReadOnlyList<InsightRecord>>(), It.IsAny<CancellationToken>()))
            .Callback((string _, IReadOnlyList<InsightRecord> records, CancellationToken _) =>
            {
                _stored.RemoveAll(s => records.Any(r => r.UserId == s.UserId && r.Id == s.Id));
                _stored.AddRange(records);
            })
            .Returns(Task.CompletedTask);
        _decisions.Setup(d => d.AddFeedbackAsync(It.IsAny<InsightFeedback>(), It.IsAny<CancellationToken>())).Callback((InsightFeedback f, CancellationToken _) => _feedback.Add(f)).Returns(Task.CompletedTask);
    }

    private ConnectionRecommender Recommender()
    {
        var clock = Clock();
        var relationships = new RelationshipService(_items, _graph.Object, Options(new GraphOptions()), Limits(), clock);
        return new ConnectionRecommender(_graph.Object, _items, _embeddings, _decisions.Object, relationships, Options(_options), clock);
    }

    /// <summary>A live item in the store and, unless <paramref name="inGraph"/> is false, its vertex in the snapshot.</summary>
    private KnowledgeItem Item(string title, int createdMinutes = 0, bool inGraph = true, float[]? vector = null, bool trashed = false)
    {
        var item = new KnowledgeItem
        {
            Id = Ids.New(), UserId = _caller.UserId, Title = title, Content = title, ContentType = "text",
            CreatedAt = Start.AddMinutes(createdMinutes), UpdatedAt = Start, AccessedAt = Start, ETag = ETags.New(),
            DeletedAt = trashed ? Start.AddHours(1) : null,
        };
        _items.Items[(item.UserId, item.Id)] = item;
        if (inGraph)
        {
            _graphBuilder.Item(item.Id, title, createdMinutes);
        }

        if (vector is not null)
        {
            var normalised = vector.ToArray();
            TensorPrimitives.Divide(normalised, TensorPrimitives.Norm(normalised), normalised);
            _embeddings.Chunks[(item.UserId, item.Id)] = [new ChunkEmbedding(0, 0, 1, Model, normalised)];
        }

        return item;
    }

    private Task<IReadOnlyList<ConnectionRecommendation>> List(string? limit = null, AuthenticatedUser? caller = null) =>
        Recommender().ListAsync(caller ?? _caller, limit, CancellationToken.None);

    [Fact]
    public async Task An_unlinked_pair_sharing_an_entity_is_recommended_with_its_evidence_from_the_newer_item()
    {
        var older = Item("Cluster design", 0, vector: [1, 0, 0]);
        var newer = Item("Pod autoscaling", 5, vector: [3, 1, 0]);
        _graphBuilder.Entity("e1", "Kubernetes").Mentions(older.Id, "e1").Mentions(newer.Id, "e1");

        var recommendation = Assert.Single(await List());

        var cosine = 3 / Math.Sqrt(10);
        Assert.Equal(ConnectionRecommender.IdFor(_caller.UserId, older.Id, newer.Id), recommendation.Id);
        Assert.Equal(ConnectionRecommender.IdFor(_caller.UserId, newer.Id, older.Id), recommendation.Id);
        Assert.Equal((newer.Id, "Pod autoscaling"), (recommendation.Source.Id, recommendation.Source.Title));
        Assert.Equal((older.Id, "Cluster design"), (recommendation.Target.Id, recommendation.Target.Title));
        Assert.Equal("related", recommendation.RelationshipType);
        Assert.Equal(["Kubernetes"], recommendation.Evidence.SharedEntities);
        Assert.Empty(recommendation.Evidence.SharedTags);
        Assert.Equal(cosine, recommendation.Evidence.Similarity!.Value, 5);
        Assert.Equal(1 / Math.Log(2), recommendation.Evidence.AdamicAdar, 5);
        Assert.Equal(ConnectionScoring.Combine(1 / Math.Log(2), cosine, _options), recommendation.Score, 5);
        Assert.InRange(recommendation.Score, 0, 1);
    }

    [Fact]
    public async Task Without_vectors_the_graph_alone_scores_and_similarity_is_null()
    {
        var a = Item("A");
        var b = Item("B", 1);
        _graphBuilder.Entity("e1", "Berlin").Mentions(a.Id, "e1").Mentions(b.Id, "e1");

        var recommendation = Assert.Single(await List());

        Assert.Null(recommendation.Evidence.Similarity);
        Assert.Equal(ConnectionScoring.Combine(1 / Math.Log(2), null, _options), recommendation.Score, 5);
    }

    [Fact]
    public async Task A_store_without_vector_search_still_recommends_from_the_graph_with_the_pairs_similarity()
    {
        var older = Item("Cluster design", 0, vector: [1, 0, 0]);
        var newer = Item("Pod autoscaling", 5, vector: [3, 1, 0]);
        _graphBuilder.Entity("e1", "Kubernetes").Mentions(older.Id, "e1").Mentions(newer.Id, "e1");
        var noVectorSearch = new Mock<IEmbeddingStore>();
        noVectorSearch.Setup(e => e.GetAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns((string u, string i, CancellationToken c) => _embeddings.GetAsync(u, i, c));
        noVectorSearch.Setup(e => e.GetManyAsync(It.IsAny<string>(), It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<CancellationToken>()))
            .Returns((string u, IReadOnlyCollection<string> i, CancellationToken c) => _embeddings.GetManyAsync(u, i, c));
        noVectorSearch.Setup(e => e.NearestAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<ReadOnlyMemory<float>>(), It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new KmtException(ErrorCode.FeatureUnavailable, "no vector search"));
        var clock = Clock();
        var relationships = new RelationshipService(_items, _graph.Object, Options(new GraphOptions()), Limits(), clock);
        var recommender = new ConnectionRecommender(_graph.Object, _items, noVectorSearch.Object, _decisions.Object, relationships, Options(_options), clock);

        var recommendation = Assert.Single(await recommender.ListAsync(_caller, null, CancellationToken.None));

        Assert.Equal(3 / Math.Sqrt(10), recommendation.Evidence.Similarity!.Value, 5);
        Assert.Equal(["Kubernetes"], recommendation.Evidence.SharedEntities);
    }

    [Fact]
    public async Task A_pair_found_by_embeddings_alone_needs_the_minimum_similarity_and_a_score_above_the_threshold()
    {
        var seed = Item("Seed", 10, vector: [1, 0, 0]);
        var close = Item("Close", 0, vector: [1, 0.1f, 0]);
        Item("Far", 0, vector: [0.5f, 1, 0]); // cosine ≈ 0.45: under MinSimilarity

        var recommendation = Assert.Single(await List());

        Assert.Equal((seed.Id, close.Id), (recommendation.Source.Id, recommendation.Target.Id));
        Assert.Empty(recommendation.Evidence.SharedEntities);
        Assert.Equal(0, recommendation.Evidence.AdamicAdar);
        Assert.True(recommendation.Evidence.Similarity > 0.99);

        _options.MinScore = 0.5; // similarity alone weighs at most 0.4
        Assert.Empty(await List());
    }

    [Fact]
    public async Task Linked_trashed_and_decided_pairs_are_not_recommended()
    {
        var a = Item("A", 3, vector: [1, 0, 0]);
        var linked = Item("Linked", 0);
        var trashedOutside = Item("Trashed", 0, inGraph: false, vector: [1, 0.05f, 0], trashed: true);
        var linkedOutside = Item("Linked outside the snapshot", 0, inGraph: false, vector: [1, 0.1f, 0]);
        var dismissed = Item("Dismissed", 0);
        _graphBuilder.Entity("e1", "E").Mentions(a.Id, "e1").Mentions(linked.Id, "e1").LinksTo(linked.Id, a.Id);
        _graphBuilder.Entity("e2", "F").Mentions(a.Id, "e2").Mentions(dismissed.Id, "e2");
        // IGraphStore.GetCurrentEdgesAsync answers the edges touching a vertex in either direction: file the link
        // under both ends (the pair's order, and so which end is asked, follows the ids).
        var outsideLink = new GraphEdge { Id = "ed-x", UserId = _caller.UserId, Label = GraphEdgeLabels.LinksTo, FromId = linkedOutside.Id, ToId = a.Id, ValidFrom = Start, RecordedAt = Start, UpdatedAt = Start };
        _linksOutside[a.Id] = [outsideLink];
        _linksOutside[linkedOutside.Id] = [outsideLink];

        var before = await List();
        Assert.Equal([dismissed.Id], before.Select(r => r.Target.Id));

        await Recommender().DismissAsync(_caller, before[0].Id, CancellationToken.None);

        Assert.Empty(await List());
        Assert.DoesNotContain(trashedOutside.Id, (await List()).Select(r => r.Target.Id));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("abc")]
    [InlineData("101")]
    [InlineData("-1")]
    public async Task A_bad_limit_is_a_validation_error(string limit)
    {
        var error = await ThrowsValidation(() => List(limit));
        HasError(error, "limit");
    }

    [Fact]
    public async Task The_limit_takes_the_best_first()
    {
        var a = Item("A", 2);
        var b = Item("B", 1);
        var c = Item("C", 0);
        _graphBuilder.Entity("e1", "Strong").Mentions(a.Id, "e1").Mentions(b.Id, "e1")
            .Entity("e2", "Weak").Mentions(a.Id, "e2").Mentions(b.Id, "e2").Mentions(c.Id, "e2");

        var all = await List();
        var first = Assert.Single(await List("1"));

        Assert.Equal(3, all.Count);
        Assert.Equal(all[0].Id, first.Id);
        Assert.Equal((a.Id, b.Id), (first.Source.Id, first.Target.Id));
        Assert.True(all.Zip(all.Skip(1)).All(p => p.First.Score >= p.Second.Score));
    }

    [Fact]
    public async Task Accepting_creates_the_links_to_relationship_through_the_relationship_rules_and_the_pair_stops_being_recommended()
    {
        var older = Item("Older");
        var newer = Item("Newer", 5);
        _graphBuilder.Entity("e1", "E").Mentions(older.Id, "e1").Mentions(newer.Id, "e1");
        var recommendation = Assert.Single(await List());

        var relationship = await Recommender().AcceptAsync(_caller, recommendation.Id, new ConnectionAcceptInput("Supports", 0.7), CancellationToken.None);

        Assert.Equal((newer.Id, older.Id, "supports", 0.7), (relationship.SourceId, relationship.TargetId, relationship.RelationshipType, relationship.Strength));
        Assert.Contains(recommendation.Id, relationship.MetadataJson, StringComparison.Ordinal);
        var edge = Assert.Single(Assert.Single(_writes).EdgeInserts);
        Assert.Equal((GraphEdgeLabels.LinksTo, newer.Id, older.Id), (edge.Label, edge.FromId, edge.ToId));
        var decision = Assert.Single(_stored);
        Assert.Equal((recommendation.Id, InsightKinds.Connection, InsightStatuses.Applied), (decision.Id, decision.Kind, decision.Status));
        Assert.Equal(FeedbackValues.Applied, Assert.Single(_feedback).Feedback);

        // Remembered even if the person later deletes the relationship; and a second accept is NOT_FOUND.
        Assert.Empty(await List());
        await ThrowsKmt(ErrorCode.NotFound, () => Recommender().AcceptAsync(_caller, recommendation.Id, null, CancellationToken.None));
    }

    [Fact]
    public async Task Accepting_without_a_body_uses_the_suggested_type_and_the_default_strength()
    {
        var a = Item("A");
        var b = Item("B", 1);
        _graphBuilder.Entity("e1", "E").Mentions(a.Id, "e1").Mentions(b.Id, "e1");
        var recommendation = Assert.Single(await List());

        var relationship = await Recommender().AcceptAsync(_caller, recommendation.Id, null, CancellationToken.None);

        Assert.Equal(("related", RelationshipService.DefaultStrength), (relationship.RelationshipType, relationship.Strength));
    }

    [Fact]
    public async Task Accepting_with_a_bad_type_or_strength_is_a_validation_error_and_nothing_is_written()
    {
        var a = Item("A");
        var b = Item("B", 1);
        _graphBuilder.Entity("e1", "E").Mentions(a.Id, "e1").Mentions(b.Id, "e1");
        var id = Assert.Single(await List()).Id;

        HasError(await ThrowsValidation(() => Recommender().AcceptAsync(_caller, id, new ConnectionAcceptInput("has space", null), CancellationToken.None)), "relationship_type");
        HasError(await ThrowsValidation(() => Recommender().AcceptAsync(_caller, id, new ConnectionAcceptInput(null, 2), CancellationToken.None)), "strength");

        Assert.Empty(_writes);
        Assert.Empty(_stored);
        Assert.Single(await List());
    }

    [Fact]
    public async Task Unknown_malformed_and_other_peoples_ids_are_not_found()
    {
        var a = Item("A");
        var b = Item("B", 1);
        _graphBuilder.Entity("e1", "E").Mentions(a.Id, "e1").Mentions(b.Id, "e1");
        var id = Assert.Single(await List()).Id;
        var stranger = Caller();

        foreach (var (caller, bad) in new[]
        {
            (_caller, ConnectionRecommender.IdFor(_caller.UserId, a.Id, Ids.New())),
            (_caller, "not-an-id"),
            (_caller, id.ToUpperInvariant()),
            (_caller, ConnectionRecommender.IdFor(stranger.UserId, a.Id, b.Id)),
            (stranger, id),
        })
        {
            await ThrowsKmt(ErrorCode.NotFound, () => Recommender().AcceptAsync(caller, bad, null, CancellationToken.None));
            await ThrowsKmt(ErrorCode.NotFound, () => Recommender().DismissAsync(caller, bad, CancellationToken.None));
        }

        Assert.Empty(await List(caller: stranger));
        Assert.Empty(_writes);
        Assert.Empty(_stored);
    }

    [Fact]
    public async Task Dismissing_is_remembered_and_a_repeat_answers_the_same_decision()
    {
        var a = Item("A");
        var b = Item("B", 1);
        _graphBuilder.Entity("e1", "E").Mentions(a.Id, "e1").Mentions(b.Id, "e1");
        var id = Assert.Single(await List()).Id;

        var first = await Recommender().DismissAsync(_caller, id, CancellationToken.None);
        var again = await Recommender().DismissAsync(_caller, id, CancellationToken.None);

        Assert.Equal((id, InsightStatuses.Dismissed, b.Id, a.Id), (first.Id, first.Status, first.SourceId, first.TargetId));
        Assert.Equal(first, again);
        Assert.Equal(InsightKinds.Connection, Assert.Single(_stored).Kind);
        Assert.Equal(FeedbackValues.Dismiss, Assert.Single(_feedback).Feedback);
        Assert.Empty(await List());
        Assert.Empty(_writes);
        await ThrowsKmt(ErrorCode.NotFound, () => Recommender().AcceptAsync(_caller, id, null, CancellationToken.None));
    }
}
