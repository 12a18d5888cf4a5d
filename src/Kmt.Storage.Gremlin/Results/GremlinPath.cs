namespace Kmt.Storage.Gremlin.Results;

/// <summary>The result of path(): the objects visited, each with the step labels (as()) it carried.</summary>
public sealed record GremlinPath(IReadOnlyList<IReadOnlyList<string>> Labels, IReadOnlyList<object?> Objects);
