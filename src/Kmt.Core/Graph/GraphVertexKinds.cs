namespace Kmt.Core.Graph;

/// <summary>The vertex labels of a person's knowledge graph (docs/design/graph.md, "Knowledge graph").</summary>
public static class GraphVertexKinds
{
    /// <summary>A knowledge item; its vertex id is the item id.</summary>
    public const string Item = "item";

    /// <summary>A person, organisation, place or concept the items mention.</summary>
    public const string Entity = "entity";

    /// <summary>A tag path the items carry.</summary>
    public const string Tag = "tag";

    /// <summary>A detected community of entities and items.</summary>
    public const string Community = "community";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Item, Entity, Tag, Community };
}
