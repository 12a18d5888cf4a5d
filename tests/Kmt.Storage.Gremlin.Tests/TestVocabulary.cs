using Kmt.Storage.Gremlin.Scripts;

namespace Kmt.Storage.Gremlin.Tests;

/// <summary>The labels and keys these tests may name (a stand-in for the graph adapter's own vocabulary).</summary>
internal static class TestVocabulary
{
    public static GremlinVocabulary Instance { get; } = new(
    [
        "item", "entity", "tag", "community",
        "mentions", "tagged", "links_to", "relates_to", "similar_to",
        "pk", "name", "count", "weight", "kind", "n",
        "valid_from", "valid_to", "recorded_at", "expired_at",
    ]);

    public static GremlinScriptBuilder Builder() => new(Instance);
}
