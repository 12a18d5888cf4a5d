namespace Kmt.Core.Graph.Connections;

/// <summary>An entity or tag as evidence: its name, kind and Adamic–Adar weight (0 when it counts for nothing: a hub, or shared by no pair).</summary>
internal sealed record ConnectionNeighbour(string Name, bool IsEntity, double Weight);
