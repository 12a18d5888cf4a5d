namespace Kmt.Core.Graph.Connections;

/// <summary>One item of a recommended connection: its id and title.</summary>
public sealed record ConnectionEnd(string Id, string Title);
