namespace Kmt.Core.Graph;

/// <summary>The body of POST graph/entities/{id}/split: the merged name to take back out of the entity.</summary>
public sealed record EntitySplitInput(string? Name);
