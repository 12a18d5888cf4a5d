namespace Kmt.Graph.Analytics.Knowledge;

/// <summary>One hop of a path: from one vertex to the next, through every current edge that joins them.</summary>
/// <param name="From">The hop's start vertex id.</param>
/// <param name="To">The hop's end vertex id.</param>
/// <param name="Edges">The edges between them (at least one), heaviest first.</param>
public sealed record PathStep(string From, string To, IReadOnlyList<PathEdge> Edges);
