using Kmt.Core.Embeddings;
using Kmt.Core.Uploads;
using Kmt.Storage.Embedded.Embeddings;
using Kmt.Storage.Contracts;

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
    public void Vectors_are_float32_little_endian()
    {
        Assert.Equal(new byte[] { 0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0 }, SqliteEmbeddingStore.ToBytes([1f, -2f]));
        Assert.Equal([1f, -2f], SqliteEmbeddingStore.FromBytes([0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0]));
    }

    [Fact]
    public async Task The_in_memory_index_follows_repeated_replacements_and_removals_through_compaction()
    {
        var items = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var item = await AddItemAsync(A, "Doc " + i, "text");
            items.Add(item.Id);
            await Embeddings.ReplaceAsync(A, item.Id, [Chunk(0, [0, 1, 0])], Ct);
        }

        // Loads the index; then every write goes to it (old rows die, the matrix compacts when most are dead).
        Assert.Equal(4, (await Embeddings.NearestAsync(A, "minilm", new float[] { 0, 1, 0 }, 10, Ct)).Count);
        for (var round = 0; round < 6; round++)
        {
            await Embeddings.ReplaceAsync(A, items[0], [Chunk(0, [0, 1, 0]), Chunk(1, [round, 0, 1])], Ct);
            await Embeddings.ReplaceAsync(A, items[1], [Chunk(0, [1, 0, 0], model: "other")], Ct);
        }

        await Embeddings.ReplaceAsync(A, items[2], [], Ct);

        var near = await Embeddings.NearestAsync(A, "minilm", new float[] { 0, 0, 1 }, 10, Ct);
        Assert.Equal([items[0], items[3]], near.Select(n => n.ItemId));
        Assert.Equal((1.0, 10), (near[0].Similarity, near[0].ChunkStart));
        Assert.Equal(items[1], Assert.Single(await Embeddings.NearestAsync(A, "other", new float[] { 1, 0, 0 }, 10, Ct)).ItemId);
        Assert.Equal([items[0]], (await Embeddings.NearestAsync(A, "minilm", new float[] { 0, 0, 1 }, 1, Ct)).Select(n => n.ItemId));
    }

    [Fact]
    public async Task Erasing_a_user_erases_their_uploads_embeddings_and_blobs_only()
    {
        foreach (var user in new[] { A, B })
        {
            var item = await AddItemAsync(user, "Doc", "text");
            await Embeddings.ReplaceAsync(user, item.Id, [Chunk(0, [1])], Ct);
            var upload = StoreContract.NewUpload(user, UploadStatus.Completed, new string('a', 64), item.Id);
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
