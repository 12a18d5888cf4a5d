using Kmt.Core.Embeddings;
using Kmt.Core.Uploads;
using Kmt.Storage.Embedded.Embeddings;

namespace Kmt.Storage.Embedded.Tests;

public sealed class EmbeddingStoreTests : TestDatabase
{
    private const string A = "user-a";
    private const string B = "user-b";

    private static readonly float[] Awkward =
    [
        0f, -0f, 1f, -1.5f, float.Epsilon, -float.Epsilon, float.MaxValue, float.MinValue, float.NaN, float.PositiveInfinity,
        float.NegativeInfinity, 0.1f, 1e-38f, 3.14159274f, BitConverter.Int32BitsToSingle(0x7FC00001),
    ];

    private static ChunkEmbedding Chunk(int index, float[] vector, string model = "minilm") => new(index, index * 10, 10, model, vector);

    [Fact]
    public async Task Vectors_round_trip_bit_exact()
    {
        var random = new Random(42);
        var big = Enumerable.Range(0, 384).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        await Embeddings.ReplaceAsync(A, "item-1", [Chunk(0, Awkward), Chunk(1, big, "other-model"), Chunk(2, [])], Ct);

        var stored = await Embeddings.GetAsync(A, "item-1", Ct);

        Assert.Equal(3, stored.Count);
        Assert.Equal([0, 1, 2], stored.Select(c => c.Index));
        Assert.Equal((10, 10, "other-model"), (stored[1].Start, stored[1].Length, stored[1].Model));
        Assert.Equal(Awkward.Select(BitConverter.SingleToInt32Bits), stored[0].Vector.ToArray().Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(big.Select(BitConverter.SingleToInt32Bits), stored[1].Vector.ToArray().Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(0, stored[2].Vector.Length);
    }

    [Fact]
    public void Vectors_are_float32_little_endian()
    {
        Assert.Equal(new byte[] { 0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0 }, SqliteEmbeddingStore.ToBytes([1f, -2f]));
        Assert.Equal([1f, -2f], SqliteEmbeddingStore.FromBytes([0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0]));
    }

    [Fact]
    public async Task Replace_replaces_every_chunk_of_the_item_only()
    {
        await Embeddings.ReplaceAsync(A, "item-1", [Chunk(0, [1]), Chunk(1, [2]), Chunk(2, [3])], Ct);
        await Embeddings.ReplaceAsync(A, "item-2", [Chunk(0, [9])], Ct);

        await Embeddings.ReplaceAsync(A, "item-1", [Chunk(0, [4])], Ct);

        Assert.Equal(new[] { 4f }, (await Embeddings.GetAsync(A, "item-1", Ct)).Single().Vector.ToArray());
        Assert.Single(await Embeddings.GetAsync(A, "item-2", Ct));

        await Embeddings.ReplaceAsync(A, "item-1", [], Ct);
        Assert.Empty(await Embeddings.GetAsync(A, "item-1", Ct));
    }

    [Fact]
    public async Task Embeddings_are_partitioned_by_user()
    {
        await Embeddings.ReplaceAsync(A, "item-1", [Chunk(0, [1])], Ct);
        await Embeddings.ReplaceAsync(B, "item-1", [Chunk(0, [2]), Chunk(1, [3])], Ct);

        await Embeddings.ReplaceAsync(B, "item-1", [], Ct);

        Assert.Empty(await Embeddings.GetAsync(B, "item-1", Ct));
        Assert.Equal(new[] { 1f }, (await Embeddings.GetAsync(A, "item-1", Ct)).Single().Vector.ToArray());
    }

    [Fact]
    public async Task Erasing_an_item_erases_its_embeddings()
    {
        var item = await AddItemAsync(A, "Doc", "text");
        var other = await AddItemAsync(A, "Other", "text");
        await Embeddings.ReplaceAsync(A, item.Id, [Chunk(0, [1]), Chunk(1, [2])], Ct);
        await Embeddings.ReplaceAsync(A, other.Id, [Chunk(0, [3])], Ct);
        await Embeddings.ReplaceAsync(B, item.Id, [Chunk(0, [4])], Ct);

        Assert.True(await Items.EraseAsync(A, item.Id, Ct));

        Assert.Empty(await Embeddings.GetAsync(A, item.Id, Ct));
        Assert.Single(await Embeddings.GetAsync(A, other.Id, Ct));
        Assert.Single(await Embeddings.GetAsync(B, item.Id, Ct));
    }

    [Fact]
    public async Task Erasing_a_user_erases_their_uploads_embeddings_and_blobs_only()
    {
        foreach (var user in new[] { A, B })
        {
            var item = await AddItemAsync(user, "Doc", "text");
            await Embeddings.ReplaceAsync(user, item.Id, [Chunk(0, [1])], Ct);
            var upload = UploadStoreTests.NewUpload(user, UploadStatus.Completed, new string('a', 64), item.Id);
            await Uploads.CreateAsync(upload, Ct);
            await Blobs.WriteAsync(UploadPaths.UploadsContainer, upload.BlobPath, new MemoryStream([1, 2, 3]), 100, Ct);
            await Blobs.WriteAsync(UploadPaths.QuarantineContainer, $"{user}/{Ids()}/bad.exe", new MemoryStream([4]), 100, Ct);
        }

        await Eraser.EraseAsync(A, Ct);

        Assert.Empty(await ListAsync(UploadPaths.UploadsContainer, A + "/"));
        Assert.Empty(await ListAsync(UploadPaths.QuarantineContainer, A + "/"));
        Assert.False(System.IO.Directory.Exists(Path.Combine(Directory, "blobs", "uploads", A)));
        Assert.False(System.IO.Directory.Exists(Path.Combine(Directory, "blobs", "quarantine", A)));
        Assert.Null(await Uploads.FindCompletedBySha256Async(A, new string('a', 64), Ct));
        await AssertRowsAsync("uploads", A, 0);
        await AssertRowsAsync("item_embeddings", A, 0);

        Assert.Single(await ListAsync(UploadPaths.UploadsContainer, B + "/"));
        Assert.Single(await ListAsync(UploadPaths.QuarantineContainer, B + "/"));
        Assert.NotNull(await Uploads.FindCompletedBySha256Async(B, new string('a', 64), Ct));
        await AssertRowsAsync("item_embeddings", B, 1);

        // Erasing again (a retry) is harmless.
        await Eraser.EraseAsync(A, Ct);
    }

    private static string Ids() => Kmt.Core.Common.Ids.New();

    private async Task<List<string>> ListAsync(string container, string prefix)
    {
        var paths = new List<string>();
        await foreach (var blob in Blobs.ListAsync(container, prefix, Ct))
        {
            paths.Add(blob.Path);
        }

        return paths;
    }

    private async Task AssertRowsAsync(string table, string userId, long expected)
    {
        await using var connection = await Database.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM {table} WHERE user_id = @u";
        command.Parameters.AddWithValue("@u", userId);
        Assert.Equal(expected, (long)(await command.ExecuteScalarAsync(Ct))!);
    }
}
