using Kmt.Core.Embeddings;

namespace Kmt.Storage.Contracts;

/// <summary>IEmbeddingStore: exact vectors, replace-all per item, the user partition, erase with the item.</summary>
public abstract class EmbeddingStoreContract : StoreContract
{
    private static ChunkEmbedding Chunk(int index, float[] vector, string model = "minilm") => new(index, index * 10, 10, model, vector);

    private static readonly float[] Finite =
    [
        0f, 1f, -1.5f, float.Epsilon, -float.Epsilon, float.MaxValue, float.MinValue, 0.1f, 1e-38f, 3.14159274f, 1f / 3f,
    ];

    [Fact]
    public virtual async Task Finite_vectors_round_trip_bit_exact_in_chunk_order()
    {
        var random = new Random(42);
        var big = Enumerable.Range(0, 384).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        await Stores.Embeddings.ReplaceAsync(A, "item-1", [Chunk(0, Finite), Chunk(1, big, "other-model"), Chunk(2, [])], Ct);

        var stored = await Stores.Embeddings.GetAsync(A, "item-1", Ct);

        Assert.Equal([0, 1, 2], stored.Select(c => c.Index));
        Assert.Equal((10, 10, "other-model"), (stored[1].Start, stored[1].Length, stored[1].Model));
        Assert.Equal(Finite.Select(BitConverter.SingleToInt32Bits), stored[0].Vector.ToArray().Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(big.Select(BitConverter.SingleToInt32Bits), stored[1].Vector.ToArray().Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(0, stored[2].Vector.Length);
    }

    [Fact]
    public virtual async Task A_batch_read_returns_each_named_items_chunks_in_order_and_only_the_callers()
    {
        await Stores.Embeddings.ReplaceAsync(A, "item-1", [Chunk(2, [3f]), Chunk(0, [1f]), Chunk(1, [2f])], Ct);
        await Stores.Embeddings.ReplaceAsync(A, "item-2", [Chunk(0, [4f], "other-model")], Ct);
        await Stores.Embeddings.ReplaceAsync(A, "item-3", [Chunk(0, [5f])], Ct);
        await Stores.Embeddings.ReplaceAsync(B, "item-4", [Chunk(0, [6f])], Ct);

        var read = await Stores.Embeddings.GetManyAsync(A, ["item-1", "item-2", "item-4", "no-such-item", "item-1"], Ct);

        Assert.Equal(["item-1", "item-2"], read.Keys.Order(StringComparer.Ordinal));
        Assert.Equal([(0, 1f), (1, 2f), (2, 3f)], read["item-1"].Select(c => (c.Index, c.Vector.Span[0])));
        Assert.Equal(("other-model", 4f), (read["item-2"][0].Model, read["item-2"][0].Vector.Span[0]));
        Assert.Equal(
            (await Stores.Embeddings.GetAsync(A, "item-1", Ct)).Select(c => (c.Index, c.Start, c.Length, c.Model)),
            read["item-1"].Select(c => (c.Index, c.Start, c.Length, c.Model)));
        Assert.Empty(await Stores.Embeddings.GetManyAsync(A, [], Ct));
    }

    /// <summary>
    /// NaN and the infinities round trip (a binary column can hold them). Off: the store keeps vectors as
    /// JSON numbers (Cosmos DB, for VectorDistance), which cannot hold them; then such a vector must be
    /// refused as a whole, leaving the item's stored chunks as they were. Models never emit them.
    /// </summary>
    protected virtual bool StoresNonFiniteFloats => true;

    [Fact]
    public virtual async Task Negative_zero_nan_and_infinities_round_trip_or_are_refused_as_a_whole()
    {
        float[] awkward = [-0f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, BitConverter.Int32BitsToSingle(0x7FC00001)];
        float[] negativeZero = [-0f, 1f];

        await Stores.Embeddings.ReplaceAsync(A, "item-0", [Chunk(0, negativeZero)], Ct);
        Assert.Equal(
            negativeZero.Select(BitConverter.SingleToInt32Bits),
            Assert.Single(await Stores.Embeddings.GetAsync(A, "item-0", Ct)).Vector.ToArray().Select(BitConverter.SingleToInt32Bits));

        if (StoresNonFiniteFloats)
        {
            await Stores.Embeddings.ReplaceAsync(A, "item-1", [Chunk(0, awkward)], Ct);
            var stored = Assert.Single(await Stores.Embeddings.GetAsync(A, "item-1", Ct));
            Assert.Equal(awkward.Select(BitConverter.SingleToInt32Bits), stored.Vector.ToArray().Select(BitConverter.SingleToInt32Bits));
            return;
        }

        await Stores.Embeddings.ReplaceAsync(A, "item-1", [Chunk(0, [1f, 2f]), Chunk(1, [3f])], Ct);
        await Assert.ThrowsAnyAsync<Exception>(() => Stores.Embeddings.ReplaceAsync(A, "item-1", [Chunk(0, [5f]), Chunk(1, awkward)], Ct));
        var kept = await Stores.Embeddings.GetAsync(A, "item-1", Ct);
        Assert.Equal([0, 1], kept.Select(c => c.Index));
        Assert.Equal(new[] { 1f, 2f }, kept[0].Vector.ToArray());
    }

    [Fact]
    public virtual async Task Replace_replaces_every_chunk_of_the_item_only()
    {
        var embeddings = Stores.Embeddings;
        await embeddings.ReplaceAsync(A, "item-1", [Chunk(0, [1]), Chunk(1, [2]), Chunk(2, [3])], Ct);
        await embeddings.ReplaceAsync(A, "item-2", [Chunk(0, [9])], Ct);

        await embeddings.ReplaceAsync(A, "item-1", [Chunk(0, [4])], Ct);

        Assert.Equal(new[] { 4f }, (await embeddings.GetAsync(A, "item-1", Ct)).Single().Vector.ToArray());
        Assert.Single(await embeddings.GetAsync(A, "item-2", Ct));

        await embeddings.ReplaceAsync(A, "item-1", [], Ct);
        Assert.Empty(await embeddings.GetAsync(A, "item-1", Ct));
        Assert.Empty(await embeddings.GetAsync(A, "item-never", Ct));
    }

    [Fact]
    public virtual async Task Embeddings_are_partitioned_by_user()
    {
        await Stores.Embeddings.ReplaceAsync(A, "item-1", [Chunk(0, [1])], Ct);
        await Stores.Embeddings.ReplaceAsync(B, "item-1", [Chunk(0, [2]), Chunk(1, [3])], Ct);

        await Stores.Embeddings.ReplaceAsync(B, "item-1", [], Ct);

        Assert.Empty(await Stores.Embeddings.GetAsync(B, "item-1", Ct));
        Assert.Equal(new[] { 1f }, (await Stores.Embeddings.GetAsync(A, "item-1", Ct)).Single().Vector.ToArray());
    }

    [Fact]
    public virtual async Task Erasing_an_item_erases_its_embeddings()
    {
        var item = await AddItemAsync(A, "Doc", "text");
        var other = await AddItemAsync(A, "Other", "text");
        await Stores.Embeddings.ReplaceAsync(A, item.Id, [Chunk(0, [1]), Chunk(1, [2])], Ct);
        await Stores.Embeddings.ReplaceAsync(A, other.Id, [Chunk(0, [3])], Ct);
        await Stores.Embeddings.ReplaceAsync(B, item.Id, [Chunk(0, [4])], Ct);

        Assert.True(await Items.EraseAsync(A, item.Id, Ct));

        Assert.Empty(await Stores.Embeddings.GetAsync(A, item.Id, Ct));
        Assert.Single(await Stores.Embeddings.GetAsync(A, other.Id, Ct));
        Assert.Single(await Stores.Embeddings.GetAsync(B, item.Id, Ct));
    }

    /// <summary>
    /// Off: the store's server has no vector search (the local Cosmos DB server lacks VectorDistance); then
    /// NearestAsync must answer FEATURE_UNAVAILABLE naming it, never another error.
    /// </summary>
    protected virtual bool SupportsVectorSearch => true;

    private static float[] Unit(params float[] v)
    {
        var norm = MathF.Sqrt(v.Sum(x => x * x));
        return v.Select(x => x / norm).ToArray();
    }

    [Fact]
    public virtual async Task Nearest_gives_each_item_once_with_its_best_chunk_best_first_in_the_users_partition_and_model()
    {
        var embeddings = Stores.Embeddings;
        await embeddings.ReplaceAsync(A, "far", [Chunk(0, Unit(0, 0, 1))], Ct);
        await embeddings.ReplaceAsync(A, "two-chunks", [Chunk(0, Unit(0, 1, 0)), Chunk(1, Unit(1, 0.1f, 0))], Ct);
        await embeddings.ReplaceAsync(A, "close", [Chunk(0, Unit(1, 0.5f, 0))], Ct);
        await embeddings.ReplaceAsync(A, "other-model", [Chunk(0, Unit(1, 0, 0), "other")], Ct);
        await embeddings.ReplaceAsync(B, "theirs", [Chunk(0, Unit(1, 0, 0))], Ct);

        if (!SupportsVectorSearch)
        {
            var error = await Assert.ThrowsAsync<Kmt.Core.Common.KmtException>(() => embeddings.NearestAsync(A, "minilm", Unit(1, 0, 0), 10, Ct));
            Assert.Equal(Kmt.Core.Common.ErrorCode.FeatureUnavailable, error.Code);
            return;
        }

        var nearest = await embeddings.NearestAsync(A, "minilm", Unit(1, 0, 0), 10, Ct);

        Assert.Equal(["two-chunks", "close", "far"], nearest.Select(n => n.ItemId));
        Assert.Equal((10, 10), (nearest[0].ChunkStart, nearest[0].ChunkLength));
        Assert.Equal(Unit(1, 0.1f, 0)[0], nearest[0].Similarity, 4);
        Assert.Equal(0, nearest[2].Similarity, 4);
        Assert.Equal(["two-chunks"], (await embeddings.NearestAsync(A, "minilm", Unit(1, 0, 0), 1, Ct)).Select(n => n.ItemId));
    }

    [Fact]
    public virtual async Task Nearest_follows_replacements()
    {
        if (!SupportsVectorSearch)
        {
            return;
        }

        var embeddings = Stores.Embeddings;
        await embeddings.ReplaceAsync(A, "a", [Chunk(0, Unit(1, 0))], Ct);
        await embeddings.ReplaceAsync(A, "b", [Chunk(0, Unit(0, 1))], Ct);
        Assert.Equal("a", (await embeddings.NearestAsync(A, "minilm", Unit(1, 0), 5, Ct))[0].ItemId);

        await embeddings.ReplaceAsync(A, "a", [Chunk(0, Unit(-1, 0))], Ct);
        await embeddings.ReplaceAsync(A, "c", [Chunk(0, Unit(1, 0.2f))], Ct);
        await embeddings.ReplaceAsync(A, "b", [], Ct);

        Assert.Equal(["c", "a"], (await embeddings.NearestAsync(A, "minilm", Unit(1, 0), 5, Ct)).Select(n => n.ItemId));
    }
}
