using Kmt.Azure.Language;

namespace Kmt.Azure.Tests.Language;

public sealed class TextChunkerTests
{
    [Fact]
    public void Pieces_are_contiguous_within_the_limit_and_cut_after_sentences()
    {
        var text = string.Concat(Enumerable.Range(0, 400).Select(i => $"Sentence number {i} is here. "));

        var chunks = TextChunker.Split(text, 1_000);

        Assert.Equal(text, string.Concat(chunks.Select(c => c.Text)));
        Assert.All(chunks, c => Assert.InRange(c.Text.Length, 500, 1_000));
        Assert.All(chunks.Skip(1), c => Assert.StartsWith("Sentence number", c.Text, StringComparison.Ordinal));
        Assert.Equal(chunks.Select(c => c.Start), chunks.Select(c => text.IndexOf(c.Text, c.Start, StringComparison.Ordinal)));
        Assert.Equal(Enumerable.Range(0, chunks.Count), chunks.Select(c => c.Index));
    }

    [Fact]
    public void A_text_without_spaces_is_cut_hard_but_never_inside_a_surrogate_pair()
    {
        var text = string.Concat(Enumerable.Repeat("a😀", 1_000)); // 3 code units per repetition

        var chunks = TextChunker.Split(text, 100);

        Assert.Equal(text, string.Concat(chunks.Select(c => c.Text)));
        Assert.All(chunks, c =>
        {
            Assert.InRange(c.Text.Length, 1, 100);
            Assert.False(char.IsLowSurrogate(c.Text[0]));
            Assert.False(char.IsHighSurrogate(c.Text[^1]));
        });
    }

    [Fact]
    public void Whitespace_only_pieces_are_dropped()
    {
        var text = "First part." + new string(' ', 300) + "Second part.";

        var chunks = TextChunker.Split(text, 100);

        Assert.Equal(["First part.", "Second part."], chunks.Select(c => c.Text.Trim()));
        Assert.Equal(text.IndexOf("Second", StringComparison.Ordinal), chunks[^1].Start + chunks[^1].Text.IndexOf('S', StringComparison.Ordinal));
    }
}
