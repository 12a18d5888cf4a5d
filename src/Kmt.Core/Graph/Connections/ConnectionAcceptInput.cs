namespace Kmt.Core.Graph.Connections;

/// <summary>The optional body of POST recommendations/connections/{id}/accept: the relationship's type and strength (RelationshipService's rules and defaults).</summary>
public sealed record ConnectionAcceptInput(string? RelationshipType, double? Strength);
