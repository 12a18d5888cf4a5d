using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Kmt.Core.Embeddings;
using Kmt.Storage.Embedded.Sqlite;
using Microsoft.Data.Sqlite;

namespace Kmt.Storage.Embedded.Embeddings;

/// <summary>
/// Chunk vectors (table item_embeddings), each a BLOB of float32 values, little-endian. Similarity search runs
/// over a per-person in-memory index (<see cref="UserVectorIndex"/>) loaded on first use and updated by every
/// <see cref="ReplaceAsync"/> of this store (one process owns the database file in embedded mode). Vectors
/// removed by other paths (an item's or an account's erasure) may linger in it: callers check the items.
/// </summary>
public sealed class SqliteEmbeddingStore(SqliteDatabase database) : IEmbeddingStore
{
    private readonly ConcurrentDictionary<string, UserVectorIndex> _indexes = new(StringComparer.Ordinal);

    public async Task ReplaceAsync(string userId, string itemId, IReadOnlyList<ChunkEmbedding> chunks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        await using var write = await database.BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        var (connection, transaction) = write;
        await using (var delete = connection.CreateCommand())
        {
            delete.Transaction = transaction;
            delete.CommandText = "DELETE FROM item_embeddings WHERE user_id = @u AND item_id = @id";
            delete.Param("@u", userId).Param("@id", itemId);
            await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (chunks.Count > 0)
        {
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO item_embeddings (user_id, item_id, chunk_index, start, length, model, vector)
                VALUES (@u, @id, @index, @start, @length, @model, @vector)
                """;
            insert.Param("@u", userId).Param("@id", itemId);
            var index = insert.Parameters.Add("@index", SqliteType.Integer);
            var start = insert.Parameters.Add("@start", SqliteType.Integer);
            var length = insert.Parameters.Add("@length", SqliteType.Integer);
            var model = insert.Parameters.Add("@model", SqliteType.Text);
            var vector = insert.Parameters.Add("@vector", SqliteType.Blob);
            foreach (var chunk in chunks)
            {
                index.Value = chunk.Index;
                start.Value = chunk.Start;
                length.Value = chunk.Length;
                model.Value = chunk.Model;
                vector.Value = ToBytes(chunk.Vector.Span);
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);

        // The next writer need not wait for an index load below.
        await write.DisposeAsync().ConfigureAwait(false);

        // After the commit, under the index's gate: a load running now either read this write or waits for it.
        if (_indexes.TryGetValue(userId, out var loaded))
        {
            await loaded.Gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
            try
            {
                loaded.Set(itemId, chunks);
            }
            finally
            {
                loaded.Gate.Release();
            }
        }
    }

    public async Task<IReadOnlyList<NearestItem>> NearestAsync(string userId, string model, ReadOnlyMemory<float> vector, int take, CancellationToken cancellationToken)
    {
        var index = await IndexAsync(userId, cancellationToken).ConfigureAwait(false);
        return index.Search(model, vector.Span, take);
    }

    /// <summary>The person's index, loaded from item_embeddings the first time.</summary>
    private async Task<UserVectorIndex> IndexAsync(string userId, CancellationToken cancellationToken)
    {
        var index = _indexes.GetOrAdd(userId, _ => new UserVectorIndex());
        if (index.Loaded)
        {
            return index;
        }

        await index.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (index.Loaded)
            {
                return index;
            }

            await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT item_id, chunk_index, start, length, model, vector FROM item_embeddings
                WHERE user_id = @u ORDER BY item_id, chunk_index
                """;
            command.Param("@u", userId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            string? current = null;
            var chunks = new List<ChunkEmbedding>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var itemId = reader.GetString(0);
                if (current is not null && itemId != current)
                {
                    index.Set(current, chunks);
                    chunks = [];
                }

                current = itemId;
                chunks.Add(new ChunkEmbedding(reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetString(4), FromBytes((byte[])reader.GetValue(5))));
            }

            if (current is not null)
            {
                index.Set(current, chunks);
            }

            index.Loaded = true;
            return index;
        }
        finally
        {
            index.Gate.Release();
        }
    }

    public async Task<IReadOnlyList<ChunkEmbedding>> GetAsync(string userId, string itemId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT chunk_index, start, length, model, vector FROM item_embeddings
            WHERE user_id = @u AND item_id = @id ORDER BY chunk_index
            """;
        command.Param("@u", userId).Param("@id", itemId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var chunks = new List<ChunkEmbedding>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            chunks.Add(new ChunkEmbedding(
                reader.GetInt32(0),
                reader.GetInt32(1),
                reader.GetInt32(2),
                reader.GetString(3),
                FromBytes((byte[])reader.GetValue(4))));
        }

        return chunks;
    }

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<ChunkEmbedding>>> GetManyAsync(string userId, IReadOnlyCollection<string> itemIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(itemIds);
        var found = new Dictionary<string, IReadOnlyList<ChunkEmbedding>>(StringComparer.Ordinal);
        if (itemIds.Count == 0)
        {
            return found;
        }

        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();

        // One query for the page: the ids as a JSON array, each looked up on the primary key (user_id, item_id, chunk_index).
        command.CommandText = """
            SELECT item_id, chunk_index, start, length, model, vector FROM item_embeddings
            WHERE user_id = @u AND item_id IN (SELECT value FROM json_each(@ids)) ORDER BY item_id, chunk_index
            """;
        command.Param("@u", userId).Param("@ids", System.Text.Json.JsonSerializer.Serialize(itemIds));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var itemId = reader.GetString(0);
            if (!found.TryGetValue(itemId, out var chunks))
            {
                chunks = new List<ChunkEmbedding>();
                found[itemId] = chunks;
            }

            ((List<ChunkEmbedding>)chunks).Add(new ChunkEmbedding(
                reader.GetInt32(1),
                reader.GetInt32(2),
                reader.GetInt32(3),
                reader.GetString(4),
                FromBytes((byte[])reader.GetValue(5))));
        }

        return found;
    }

    internal static byte[] ToBytes(ReadOnlySpan<float> vector)
    {
        var bytes = new byte[vector.Length * sizeof(float)];
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(vector).CopyTo(bytes);
        }
        else
        {
            for (var i = 0; i < vector.Length; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), vector[i]);
            }
        }

        return bytes;
    }

    internal static float[] FromBytes(byte[] bytes)
    {
        var vector = new float[bytes.Length / sizeof(float)];
        if (BitConverter.IsLittleEndian)
        {
            bytes.AsSpan(0, vector.Length * sizeof(float)).CopyTo(MemoryMarshal.AsBytes(vector.AsSpan()));
        }
        else
        {
            for (var i = 0; i < vector.Length; i++)
            {
                vector[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * sizeof(float)));
            }
        }

        return vector;
    }
}
