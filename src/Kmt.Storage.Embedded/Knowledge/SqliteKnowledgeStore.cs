using Kmt.Core.Common;
using Kmt.Core.Knowledge;
using Kmt.Storage.Embedded.Sqlite;
using Microsoft.Data.Sqlite;

namespace Kmt.Storage.Embedded.Knowledge;

/// <summary>
/// Knowledge items (knowledge_items, with item_tags for tag filters, knowledge_item_versions, and the
/// knowledge_fts full-text index the table's triggers keep in sync). Every statement is scoped by user_id.
/// Erasing an item also erases its chunk vectors (item_embeddings).
/// </summary>
public sealed partial class SqliteKnowledgeStore(SqliteDatabase database) : IKnowledgeStore
{
    private static readonly string SelectById = $"SELECT {KnowledgeItemRows.Columns} FROM knowledge_items k WHERE k.user_id = @u AND k.id = @id";

    /// <summary>The read behind every GET of an item: its statement stays prepared (<see cref="SqliteDatabase.ReadPreparedAsync"/>).</summary>
    public Task<KnowledgeItem?> GetAsync(string userId, string itemId, CancellationToken cancellationToken) =>
        database.ReadPreparedAsync(
            SelectById,
            command => command.Param("@u", userId).Param("@id", itemId),
            reader => reader.Read() ? KnowledgeItemRows.Read(reader) : null,
            cancellationToken);

    public async Task CreateAsync(KnowledgeItem item, CancellationToken cancellationToken)
    {
        await using var write = await database.BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        var (connection, transaction) = write;
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = KnowledgeItemRows.Insert;
            KnowledgeItemRows.Bind(command, item);
            try
            {
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (SqliteException ex) when (ex.IsUniqueViolation())
            {
                throw KmtException.Conflict("An item with this id or source id already exists.");
            }
        }

        await KnowledgeItemRows.WriteTagsAsync(connection, transaction, item.UserId, item.Id, item.Tags, replace: false, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<KnowledgeItem?> FindBySourceIdAsync(string userId, string sourceId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {KnowledgeItemRows.Columns} FROM knowledge_items k WHERE k.user_id = @u AND k.source_id = @s";
        command.Param("@u", userId).Param("@s", sourceId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? KnowledgeItemRows.Read(reader) : null;
    }

    public async Task ReplaceAsync(KnowledgeItem item, string expectedETag, KnowledgeItemVersion? previous, CancellationToken cancellationToken)
    {
        await using var write = await database.BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        // BEGIN IMMEDIATE: the write lock is held from the read of the access counts to the update.
        var (connection, transaction) = write;
        await using (var update = connection.CreateCommand())
        {
            update.Transaction = transaction;
            update.CommandText = """
                UPDATE knowledge_items SET title = @title, content = @content, content_type = @contentType, source_url = @sourceUrl,
                    source_type = @sourceType, tags = @tags, metadata = @metadata, created_at = @created, updated_at = @updated,
                    accessed_at = @accessed, access_count = @accessCount,
                    importance_score = @importance, is_archived = @archived, deleted_at = @deleted, version = @version,
                    word_count = @words, etag = @etag, content_length = @contentLength, content_truncated = @truncated,
                    original_content_length = @originalLength, source_upload_id = @sourceUpload, source_id = @sourceId, graph_pending_since = @graphPending
                WHERE user_id = @u AND id = @id AND etag = @expected
                """;
            KnowledgeItemRows.Bind(update, item);
            await using (var counts = connection.CreateCommand())
            {
                counts.Transaction = transaction;
                counts.CommandText = "SELECT access_count, accessed_at FROM knowledge_items WHERE user_id = @u AND id = @id";
                counts.Param("@u", item.UserId).Param("@id", item.Id);
                await using var reader = await counts.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    // Accesses are counted without an ETag change: a replace based on an older read keeps them.
                    var (count, at) = AccessCounting.Merge(reader.GetInt32(0), reader.GetTime(1), item.AccessCount, item.AccessedAt);
                    update.Parameters["@accessCount"].Value = count;
                    update.Parameters["@accessed"].Value = SqliteValues.Time(at);
                }
            }

            update.Param("@expected", expectedETag);
            if (await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                await using var exists = connection.CreateCommand();
                exists.Transaction = transaction;
                exists.CommandText = "SELECT 1 FROM knowledge_items WHERE user_id = @u AND id = @id";
                exists.Param("@u", item.UserId).Param("@id", item.Id);
                var found = await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null;
                throw found ? KmtException.PreconditionFailed() : KmtException.NotFound("Knowledge item");
            }
        }

        await KnowledgeItemRows.WriteTagsAsync(connection, transaction, item.UserId, item.Id, item.Tags, replace: true, cancellationToken).ConfigureAwait(false);

        if (previous is not null)
        {
            await using var version = connection.CreateCommand();
            version.Transaction = transaction;
            version.CommandText = KnowledgeItemRows.InsertVersion;
            KnowledgeItemRows.BindVersion(version, item.UserId, item.Id, previous);
            try
            {
                await version.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (SqliteException ex) when (ex.IsUniqueViolation())
            {
                throw KmtException.Conflict($"Version {previous.Version} of this item is already stored.");
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<KnowledgeItem?> RecordAccessAsync(string userId, string itemId, DateTimeOffset accessedAt, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            UPDATE knowledge_items SET accessed_at = @at, access_count = access_count + 1
            WHERE user_id = @u AND id = @id
            RETURNING {KnowledgeItemRows.UnqualifiedColumns}
            """;
        command.Param("@at", SqliteValues.Time(accessedAt)).Param("@u", userId).Param("@id", itemId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? KnowledgeItemRows.Read(reader) : null;
    }

    public async Task<int> SetImportanceScoresAsync(string userId, IReadOnlyDictionary<string, double> scores, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var updated = 0;
        await using var write = await database.BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        var (connection, transaction) = write;
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "UPDATE knowledge_items SET importance_score = @score WHERE user_id = @u AND id = @id";
        var score = command.CreateParameter();
        score.ParameterName = "@score";
        var id = command.CreateParameter();
        id.ParameterName = "@id";
        command.Parameters.Add(score);
        command.Parameters.Add(id);
        command.Param("@u", userId);
        foreach (var (itemId, value) in scores)
        {
            score.Value = value;
            id.Value = itemId;
            updated += await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return updated;
    }

    /// <summary>One transaction for the batch, one prepared UPDATE per tally: a single WAL commit however many items were read.</summary>
    public async Task RecordAccessesAsync(IReadOnlyList<AccessTally> tallies, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tallies);
        if (tallies.Count == 0)
        {
            return;
        }

        await using var write = await database.BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        var (connection, transaction) = write;
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        // Text times in one sortable format (SqliteValues.TimeFormat): MAX keeps accessed_at from moving back.
        command.CommandText = """
            UPDATE knowledge_items SET access_count = access_count + @n, accessed_at = MAX(accessed_at, @at)
            WHERE user_id = @u AND id = @id
            """;
        var n = command.Parameters.Add("@n", SqliteType.Integer);
        var at = command.Parameters.Add("@at", SqliteType.Text);
        var u = command.Parameters.Add("@u", SqliteType.Text);
        var id = command.Parameters.Add("@id", SqliteType.Text);
        foreach (var tally in tallies)
        {
            n.Value = tally.Count;
            at.Value = SqliteValues.Time(tally.LastAccessedAt);
            u.Value = tally.UserId;
            id.Value = tally.ItemId;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> ClearGraphPendingAsync(string userId, string itemId, string etag, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE knowledge_items SET graph_pending_since = NULL WHERE user_id = @u AND id = @id AND etag = @etag";
        command.Param("@u", userId).Param("@id", itemId).Param("@etag", etag);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    public async Task<IReadOnlyList<ItemKey>> ListGraphPendingAsync(DateTimeOffset before, int take, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT user_id, id FROM knowledge_items
            WHERE graph_pending_since IS NOT NULL AND graph_pending_since < @before
            ORDER BY graph_pending_since, user_id, id LIMIT @take
            """;
        command.Param("@before", SqliteValues.Time(before)).Param("@take", Math.Max(0, take));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var keys = new List<ItemKey>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            keys.Add(new ItemKey(reader.GetString(0), reader.GetString(1)));
        }

        return keys;
    }

    /// <summary>Walks the partial index of pending items (few at any time) and keeps the user's.</summary>
    public async Task<IReadOnlyList<ItemKey>> ListGraphPendingForUserAsync(string userId, int take, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT id FROM knowledge_items INDEXED BY ix_knowledge_items_graph_pending
            WHERE graph_pending_since IS NOT NULL AND user_id = @u
            ORDER BY graph_pending_since, id LIMIT @take
            """;
        command.Param("@u", userId).Param("@take", Math.Max(0, take));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var keys = new List<ItemKey>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            keys.Add(new ItemKey(userId, reader.GetString(0)));
        }

        return keys;
    }

    public async Task<Page<KnowledgeItemVersion>> ListVersionsAsync(string userId, string itemId, int skip, int take, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {KnowledgeItemRows.VersionColumns}, count(*) OVER () FROM knowledge_item_versions
            WHERE user_id = @u AND item_id = @id ORDER BY version DESC LIMIT @take OFFSET @skip
            """;
        command.Param("@u", userId).Param("@id", itemId).Param("@take", Math.Max(0, take)).Param("@skip", Math.Max(0, skip));
        var versions = new List<KnowledgeItemVersion>();
        long? total = null;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                versions.Add(KnowledgeItemRows.ReadVersion(reader));
                total = reader.GetInt64(12);
            }
        }

        if (total is null)
        {
            // A page past the end (or take 0) has no row to carry the total.
            await using var count = connection.CreateCommand();
            count.CommandText = "SELECT count(*) FROM knowledge_item_versions WHERE user_id = @u AND item_id = @id";
            count.Param("@u", userId).Param("@id", itemId);
            total = (long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        return new Page<KnowledgeItemVersion>(versions, total.Value, null);
    }

    public async Task<bool> EraseAsync(string userId, string itemId, CancellationToken cancellationToken)
    {
        await using var write = await database.BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        var (connection, transaction) = write;
        var erased = false;
        string[] statements =
        [
            // One transaction; children first all the same, in the order every store uses.
            "DELETE FROM item_embeddings WHERE user_id = @u AND item_id = @id",
            "DELETE FROM knowledge_item_versions WHERE user_id = @u AND item_id = @id",
            "DELETE FROM item_tags WHERE user_id = @u AND item_id = @id",

            // The items table's delete trigger removes the full-text entry.
            "DELETE FROM knowledge_items WHERE user_id = @u AND id = @id",
        ];
        for (var i = 0; i < statements.Length; i++)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = statements[i];
            command.Param("@u", userId).Param("@id", itemId);
            var changed = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            erased |= i == statements.Length - 1 && changed > 0;
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return erased;
    }
}
