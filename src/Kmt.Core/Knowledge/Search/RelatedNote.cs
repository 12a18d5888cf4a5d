namespace Kmt.Core.Knowledge.Search;

/// <summary>
/// One of GET knowledge/{id}/related: an item close in meaning (its content cut to the preview), the cosine
/// similarity of its best chunk, and why: tags and entities both items carry, and the passage that matched.
/// </summary>
public sealed record RelatedNote(KnowledgeItem Item, double Similarity, IReadOnlyList<string> SharedTags, IReadOnlyList<string> SharedEntities, string Passage);
