namespace Kmt.Core.Graph;

/// <summary>A part of a person's graph at one moment: vertices, the visible edges among them, and whether the limit cut it.</summary>
public sealed record GraphSnapshot(IReadOnlyList<GraphVertex> Vertices, IReadOnlyList<GraphEdge> Edges, bool Truncated);
