namespace Kmt.Core.Graph.Connections;

/// <summary>Why a connection is recommended.</summary>
/// <param name="SharedEntities">Entities both items mention (strongest first: the rarer an entity, the more it says).</param>
/// <param name="SharedTags">Tags both items carry (strongest first).</param>
/// <param name="Similarity">Cosine similarity of the two items' mean embeddings; null while either has no vectors.</param>
/// <param name="GraphScore">The Adamic–Adar sum mapped to 0..1 (<see cref="ConnectionScoring.GraphScore"/>).</param>
/// <param name="AdamicAdar">Σ weight / ln(degree) over the shared entities and tags.</param>
public sealed record ConnectionEvidence(IReadOnlyList<string> SharedEntities, IReadOnlyList<string> SharedTags, double? Similarity, double GraphScore, double AdamicAdar);
