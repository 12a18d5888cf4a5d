using System.Diagnostics.CodeAnalysis;
using Kmt.Core.Knowledge.Search;

namespace Kmt.Functions.Apis.Model;

/// <summary>A related note: the item as a list shows it, its similarity, and why (shared tags and entities, the matching passage).</summary>
public sealed record RelatedNoteResponse : KnowledgeItemSummaryResponse
{
    [SetsRequiredMembers]
    private RelatedNoteResponse(RelatedNote note)
        : base(note.Item)
    {
        Similarity = Math.Round(note.Similarity, 4);
        Why = new RelatedWhyResponse(note.SharedTags, note.SharedEntities, note.Passage);
    }

    /// <summary>Cosine similarity of the item's best chunk to this note (-1 to 1, higher is closer).</summary>
    public required double Similarity { get; init; }

    public required RelatedWhyResponse Why { get; init; }

    public static RelatedNoteResponse From(RelatedNote note) => new(note);
}

/// <summary>Why a note is related: tags and entities both notes carry, and the passage (HTML-escaped) that matched.</summary>
public sealed record RelatedWhyResponse(IReadOnlyList<string> SharedTags, IReadOnlyList<string> SharedEntities, string Passage);
