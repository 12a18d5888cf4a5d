namespace Kmt.Graph.Analytics.Knowledge;

/// <summary>A vertex on a path.</summary>
/// <param name="Id">The vertex id.</param>
/// <param name="Kind">item, entity or tag.</param>
/// <param name="Label">What a view shows: the item title, the entity name, the tag path.</param>
public sealed record PathNode(string Id, string Kind, string Label);
