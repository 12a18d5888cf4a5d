namespace Kmt.Core.Graph;

/// <summary>An existing entity a new name resolves to by similarity, with the cosine and the names of the shared co-occurring entities.</summary>
public sealed record SimilarEntity(GraphVertex Entity, double Score, IReadOnlyList<string> Evidence);
