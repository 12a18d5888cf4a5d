using Kmt.Core.Embeddings;
using Kmt.Core.Tests.Fakes;
using Kmt.Core.Uploads;

namespace Kmt.Core.Tests.Uploads;

public class TextChunkerTests
{
    private static TextChunker Chunker(int size = 100, int overlap = 20, int max = 512) =>
        new(TestSupport.Options(new UploadOptions { ChunkCharacters = size, ChunkOverlapCharacters = overlap, MaxChunksPerDocument = max }));

    [Theory]
    [InlineData("")]
    [InlineData("   \n\n  ")]
    public void Blank_text_has_no_chunks(string text) => Assert.Empty(Chunker().Split(text));

    [Fact]
    public void A_short_text_is_one_chunk_without_surrounding_whitespace()
    {
        var chunk = Assert.Single(Chunker().Split("  Hello world.  "));

        Assert.Equal(new TextChunk(0, 2, 12, "Hello world."), chunk);
    }

    [Fact]
    public void Chunks_cover_the_text_overlap_and_end_at_sentence_ends()
    {
        var text = string.Join(" ", Enumerable.Range(0, 60).Select(i => $"Sentence {i} says something."));
        var chunks = Chunker().Split(text);

        Assert.True(chunks.Count > 10);
        var covered = new bool[text.Length];
        for (var i = 0; i < chunks.Count; i++)
        {
            var chunk = chunks[i];
            Assert.Equal(i, chunk.Index);
            Assert.Equal(text.Substring(chunk.Start, chunk.Length), chunk.Text);
            Assert.True(chunk.Length <= 100);
            if (i < chunks.Count - 1)
            {
                Assert.EndsWith(".", chunk.Text, StringComparison.Ordinal);
                Assert.True(chunks[i + 1].Start < chunk.Start + chunk.Length, "consecutive chunks overlap");
                Assert.True(chunks[i + 1].Start > chunk.Start);
            }

            for (var c = chunk.Start; c < chunk.Start + chunk.Length; c++)
            {
                covered[c] = true;
            }
        }

        Assert.All(Enumerable.Range(0, text.Length).Where(c => !covered[c]), c => Assert.True(char.IsWhiteSpace(text[c])));
        Assert.EndsWith("Sentence 59 says something.", chunks[^1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Paragraph_breaks_are_preferred()
    {
        var text = new string('a', 30) + " first part ends here.\n\n" + string.Join(" ", Enumerable.Repeat("More words follow. ", 10));
        var chunks = Chunker(overlap: 0).Split(text);

        Assert.Equal(new string('a', 30) + " first part ends here.", chunks[0].Text);
    }

    [Fact]
    public void Text_without_breaks_is_cut_at_the_size()
    {
        var text = new string('x', 250);
        var chunks = Chunker(overlap: 0).Split(text);

        Assert.Equal([100, 100, 50], chunks.Select(c => c.Length));
        Assert.Equal([0, 100, 200], chunks.Select(c => c.Start));
    }

    [Fact]
    public void The_number_of_chunks_is_bounded()
    {
        var text = string.Join(" ", Enumerable.Repeat("word", 5000));

        Assert.Equal(7, Chunker(max: 7).Split(text).Count);
    }

    [Fact]
    public void Surrogate_pairs_are_never_split()
    {
        var text = string.Concat(Enumerable.Repeat("😀", 200));
        var chunks = Chunker(overlap: 0).Split(text);

        Assert.All(chunks, c => Assert.False(char.IsLowSurrogate(c.Text[0])));
        Assert.All(chunks, c => Assert.False(char.IsHighSurrogate(c.Text[^1])));
        Assert.Equal(text, string.Concat(chunks.Select(c => c.Text)));
    }
}
