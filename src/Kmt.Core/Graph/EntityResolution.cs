namespace Kmt.Core.Graph;

/// <summary>
/// Which entity vertex each mention resolves to (by resolution key, <see cref="EntityNames.Key"/>),
/// and the entity vertices that must be written for it (new ones, and ones that gained an alias).
/// </summary>
public sealed record EntityResolution(IReadOnlyDictionary<string, GraphVertex> ByKey, IReadOnlyList<GraphVertex> Upserts);
