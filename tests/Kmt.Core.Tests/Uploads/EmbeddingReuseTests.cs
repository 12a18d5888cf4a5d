using System.Text;
using Kmt.Core.Embeddings;
using Kmt.Core.Uploads;

namespace Kmt.Core.Tests.Uploads;

/// <summary>Re-embedding an item sends only new text to the model (EmbeddedChunkManifest).</summary>
public class EmbeddingReuseTests
{
    private static readonly string LongText = string.Join(" ", Enumerable.Range(0, 120).Select(i => $"Sentence number {i} is here."));

    private static async Task<(IngestionFixture F, Upload Upload)> EmbeddedAsync()
    {
        var f = new IngestionFixture(o => o.ChunkCharacters = 500);
        var upload = f.Seed(LongText);
        Assert.Equal(IngestionOutcomeKind.Completed, (await f.ProcessAsync(upload)).Kind);
        var first = await f.EmbedAsync(upload);
        Assert.Equal(EmbeddingOutcomeKind.Embedded, first.Kind);
        Assert.True(first.Chunks >= 6, $"{first.Chunks} chunks");
        Assert.Equal(0, first.Reused);
        Assert.True(f.Blobs.Has(UploadPaths.EmbeddedChunksContainer, UploadPaths.EmbeddedChunksPath(f.UserId, upload.Id)));
        return (f, upload);
    }

    private static void SetContent(IngestionFixture f, Upload upload, string content)
    {
        var item = f.Items.Items[(f.UserId, upload.Id)];
        f.Items.Items[(f.UserId, upload.Id)] = item with { Content = content, ContentLength = content.Length };
    }

    private static string TextOf(IngestionFixture f, Upload upload, ChunkEmbedding chunk) =>
        f.Items.Items[(f.UserId, upload.Id)].Content.Substring(chunk.Start, chunk.Length);

    [Fact]
    public async Task A_re_request_of_an_unchanged_item_keeps_every_vector_and_runs_no_model()
    {
        var (f, upload) = await EmbeddedAsync();
        var before = f.Embeddings.Chunks[(f.UserId, upload.Id)];

        var outcome = await f.EmbedAsync(upload);

        Assert.Equal(new EmbeddingOutcome(EmbeddingOutcomeKind.Embedded, before.Count, before.Count), outcome);
        Assert.Equal([before.Count], f.Generator.Batches);
        var after = f.Embeddings.Chunks[(f.UserId, upload.Id)];
        Assert.Equal(before.Select(c => (c.Index, c.Start, c.Length, c.Model, Vector: c.Vector.ToArray())), after.Select(c => (c.Index, c.Start, c.Length, c.Model, Vector: c.Vector.ToArray())), new TupleComparer());
    }

    [Fact]
    public async Task An_edit_embeds_only_the_chunks_whose_text_changed()
    {
        var (f, upload) = await EmbeddedAsync();
        var before = f.Embeddings.Chunks[(f.UserId, upload.Id)].ToDictionary(c => TextOf(f, upload, c), c => c.Vector.ToArray());

        // One word changed in the middle (same length, so later chunks keep their bounds) and a sentence appended.
        SetContent(f, upload, LongText.Replace("number 60 is", "number 60 IS", StringComparison.Ordinal) + " A closing sentence that is new.");
        var outcome = await f.EmbedAsync(upload);

        var after = f.Embeddings.Chunks[(f.UserId, upload.Id)];
        var unchanged = after.Where(c => before.ContainsKey(TextOf(f, upload, c))).ToList();
        Assert.InRange(after.Count - unchanged.Count, 2, 4);
        Assert.Equal(new EmbeddingOutcome(EmbeddingOutcomeKind.Embedded, after.Count, unchanged.Count), outcome);
        Assert.Equal(after.Count - unchanged.Count, f.Generator.Batches[^1]);
        Assert.All(unchanged, c => Assert.Equal(before[TextOf(f, upload, c)], c.Vector.ToArray()));

        // The new chunks carry what the model made now (the fake's first value is the text's length).
        Assert.All(after.Except(unchanged), c => Assert.Equal(c.Length, c.Vector.Span[0]));
        Assert.Equal(Enumerable.Range(0, after.Count), after.Select(c => c.Index));
    }

    [Fact]
    public async Task Vectors_of_another_model_are_not_reused()
    {
        var (f, upload) = await EmbeddedAsync();
        var stored = f.Embeddings.Chunks[(f.UserId, upload.Id)].Select(c => c with { Model = "all-MiniLM-L6-v2" }).ToArray();
        f.Embeddings.Chunks[(f.UserId, upload.Id)] = stored;
        var manifest = EmbeddedChunkManifest.Describe(stored, stored.Select(c => TextOf(f, upload, c)).ToArray());
        f.Blobs.Blobs[(UploadPaths.EmbeddedChunksContainer, UploadPaths.EmbeddedChunksPath(f.UserId, upload.Id))] = manifest.ToJson();

        var outcome = await f.EmbedAsync(upload);

        Assert.Equal(0, outcome.Reused);
        Assert.Equal(stored.Length, f.Generator.Batches[^1]);
        Assert.All(f.Embeddings.Chunks[(f.UserId, upload.Id)], c => Assert.Equal("fake-minilm", c.Model));
    }

    [Fact]
    public async Task A_stored_vector_that_does_not_match_the_manifest_is_embedded_again()
    {
        var (f, upload) = await EmbeddedAsync();
        var stored = f.Embeddings.Chunks[(f.UserId, upload.Id)].ToArray();
        stored[2] = stored[2] with { Vector = new float[] { -1, -1, -1 } };
        f.Embeddings.Chunks[(f.UserId, upload.Id)] = stored;

        var outcome = await f.EmbedAsync(upload);

        Assert.Equal(stored.Length - 1, outcome.Reused);
        Assert.Equal(1, f.Generator.Batches[^1]);
        Assert.Equal(stored[2].Length, f.Embeddings.Chunks[(f.UserId, upload.Id)][2].Vector.Span[0]);
    }

    [Fact]
    public async Task An_unreadable_manifest_means_everything_is_embedded()
    {
        var (f, upload) = await EmbeddedAsync();
        f.Blobs.Blobs[(UploadPaths.EmbeddedChunksContainer, UploadPaths.EmbeddedChunksPath(f.UserId, upload.Id))] = Encoding.UTF8.GetBytes("not json");
        var count = f.Embeddings.Chunks[(f.UserId, upload.Id)].Count;

        var outcome = await f.EmbedAsync(upload);

        Assert.Equal(0, outcome.Reused);
        Assert.Equal(count, f.Generator.Batches[^1]);
        var manifest = EmbeddedChunkManifest.FromJson(f.Blobs.Blobs[(UploadPaths.EmbeddedChunksContainer, UploadPaths.EmbeddedChunksPath(f.UserId, upload.Id))]);
        Assert.Equal(count, manifest!.Chunks.Count);
    }

    private sealed class TupleComparer : IEqualityComparer<(int, int, int, string, float[])>
    {
        public bool Equals((int, int, int, string, float[]) x, (int, int, int, string, float[]) y) =>
            (x.Item1, x.Item2, x.Item3, x.Item4) == (y.Item1, y.Item2, y.Item3, y.Item4) && x.Item5.SequenceEqual(y.Item5);

        public int GetHashCode((int, int, int, string, float[]) obj) => HashCode.Combine(obj.Item1, obj.Item2, obj.Item3, obj.Item4);
    }
}
