namespace Kmt.Core.Graph;

/// <summary>
/// An edge an item should have now (from the item to <paramref name="ToId"/>), with its count for mentions,
/// and for a derived links_to (an imported [[wikilink]]) its relationship type.
/// </summary>
public sealed record DesiredEdge(string Label, string ToId, int? Count = null, string? RelationshipType = null);
