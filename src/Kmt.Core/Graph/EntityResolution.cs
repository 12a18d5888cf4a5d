namespace Kmt.Core.Graph;

/// <summary>
/// Which entity vertex each mention resolves to (by resolution key, <see cref="EntityNames.Key"/>),
/// and the entity vertices that must be written for it (new ones, and ones that gained an alias).
/// </summary>
/// <param name="Known">Every entity vertex the resolution read or wrote, as it is after it (merged ones included): a
/// batch of items resolves the next item against these before they are written.</param>
public sealed record EntityResolution(IReadOnlyDictionary<string, GraphVertex> ByKey, IReadOnlyList<GraphVertex> Upserts, IReadOnlyList<GraphVertex>? Known = null);
