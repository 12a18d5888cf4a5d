namespace Kmt.Graph.Analytics.Knowledge;

/// <summary>An item that mentions an entity.</summary>
/// <param name="Id">The item id.</param>
/// <param name="Title">The item's title.</param>
/// <param name="Mentions">Occurrences of the entity in the item.</param>
/// <param name="Since">When the item started mentioning the entity (the edge's valid-from).</param>
public sealed record EntityItem(string Id, string Title, int Mentions, DateTimeOffset Since);
