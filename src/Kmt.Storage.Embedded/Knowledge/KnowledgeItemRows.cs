using Kmt.Core.Knowledge;
using Kmt.Storage.Embedded.Sqlite;
using Microsoft.Data.Sqlite;

namespace Kmt.Storage.Embedded.Knowledge;

/// <summary>Column lists, parameter binding and row mapping of knowledge_items and its versions.</summary>
internal static class KnowledgeItemRows
{
    private static readonly string[] ColumnNames =
    [
        "id", "user_id", "title", "content", "content_type", "source_url", "source_type", "tags", "metadata", "created_at",
        "updated_at", "accessed_at", "access_count", "importance_score", "is_archived", "deleted_at", "version", "word_count", "etag",
        "content_length", "content_truncated", "original_content_length", "source_upload_id", "source_id", "graph_pending_since",
    ];

    /// <summary>How many columns <see cref="Read"/> reads; a query's own columns follow them.</summary>
    public static readonly int Count = ColumnNames.Length;

    /// <summary>The item columns (qualified with alias k) in the order <see cref="Read"/> expects.</summary>
    public static readonly string Columns = string.Join(", ", ColumnNames.Select(c => "k." + c));

    /// <summary>
    /// <see cref="Columns"/> with the content cut to the preview in the query, so lists never load whole
    /// documents. substr counts code points, at least as many as UTF-16 chars; KnowledgePreview then cuts exactly.
    /// </summary>
    public static readonly string PreviewColumns = string.Join(", ", ColumnNames.Select(c => c == "content" ? $"substr(k.content, 1, {KnowledgePreview.MaxLength}) AS content" : "k." + c));

    public static readonly string UnqualifiedColumns = string.Join(", ", ColumnNames);

    public const string Insert = """
        INSERT INTO knowledge_items (id, user_id, title, content, content_type, source_url, source_type, tags, metadata, created_at,
            updated_at, accessed_at, access_count, importance_score, is_archived, deleted_at, version, word_count, etag,
            content_length, content_truncated, original_content_length, source_upload_id, source_id, graph_pending_since)
        VALUES (@id, @u, @title, @content, @contentType, @sourceUrl, @sourceType, @tags, @metadata, @created,
            @updated, @accessed, @accessCount, @importance, @archived, @deleted, @version, @words, @etag,
            @contentLength, @truncated, @originalLength, @sourceUpload, @sourceId, @graphPending)
        """;

    public const string VersionColumns =
        "item_id, user_id, version, title, content, content_type, source_url, source_type, tags, metadata, created_at, replaced_at";

    public const string InsertVersion = $"""
        INSERT INTO knowledge_item_versions ({VersionColumns})
        VALUES (@id, @u, @version, @title, @content, @contentType, @sourceUrl, @sourceType, @tags, @metadata, @created, @replaced)
        """;

    public static void Bind(SqliteCommand command, KnowledgeItem item) => command
        .Param("@id", item.Id)
        .Param("@u", item.UserId)
        .Param("@title", item.Title)
        .Param("@content", item.Content ?? "")
        .Param("@contentType", item.ContentType)
        .Param("@sourceUrl", item.SourceUrl)
        .Param("@sourceType", item.SourceType)
        .Param("@tags", SqliteValues.TagsJson(item.Tags))
        .Param("@metadata", item.MetadataJson)
        .Param("@created", SqliteValues.Time(item.CreatedAt))
        .Param("@updated", SqliteValues.Time(item.UpdatedAt))
        .Param("@accessed", SqliteValues.Time(item.AccessedAt))
        .Param("@accessCount", item.AccessCount)
        .Param("@importance", item.ImportanceScore)
        .Param("@archived", item.IsArchived ? 1 : 0)
        .Param("@deleted", SqliteValues.Time(item.DeletedAt))
        .Param("@version", item.Version)
        .Param("@words", item.WordCount)
        .Param("@etag", item.ETag)
        .Param("@contentLength", (item.Content ?? "").Length)
        .Param("@truncated", item.ContentTruncated ? 1 : 0)
        .Param("@originalLength", item.OriginalContentLength)
        .Param("@sourceUpload", item.SourceUploadId)
        .Param("@sourceId", item.SourceId)
        .Param("@graphPending", SqliteValues.Time(item.GraphPendingSince));

    public static void BindVersion(SqliteCommand command, string userId, string itemId, KnowledgeItemVersion v) => command
        .Param("@id", itemId)
        .Param("@u", userId)
        .Param("@version", v.Version)
        .Param("@title", v.Title)
        .Param("@content", v.Content ?? "")
        .Param("@contentType", v.ContentType)
        .Param("@sourceUrl", v.SourceUrl)
        .Param("@sourceType", v.SourceType)
        .Param("@tags", SqliteValues.TagsJson(v.Tags))
        .Param("@metadata", v.MetadataJson)
        .Param("@created", SqliteValues.Time(v.CreatedAt))
        .Param("@replaced", SqliteValues.Time(v.ReplacedAt));

    public static KnowledgeItem Read(SqliteDataReader r) => new()
    {
        Id = r.GetString(0),
        UserId = r.GetString(1),
        Title = r.GetString(2),
        Content = r.GetString(3),
        ContentType = r.GetString(4),
        SourceUrl = r.GetNullableString(5),
        SourceType = r.GetNullableString(6),
        Tags = SqliteValues.ParseTags(r.GetString(7)),
        MetadataJson = r.GetString(8),
        CreatedAt = r.GetTime(9),
        UpdatedAt = r.GetTime(10),
        AccessedAt = r.GetTime(11),
        AccessCount = r.GetInt32(12),
        ImportanceScore = r.GetDouble(13),
        IsArchived = r.GetInt64(14) != 0,
        DeletedAt = r.GetNullableTime(15),
        Version = r.GetInt32(16),
        WordCount = r.GetInt32(17),
        ETag = r.GetString(18),
        ContentLength = r.GetInt32(19),
        ContentTruncated = r.GetInt64(20) != 0,
        OriginalContentLength = r.IsDBNull(21) ? null : r.GetInt32(21),
        SourceUploadId = r.GetNullableString(22),
        SourceId = r.GetNullableString(23),
        GraphPendingSince = r.GetNullableTime(24),
    };

    /// <summary>A row read with <see cref="PreviewColumns"/>: content cut exactly to the preview.</summary>
    public static KnowledgeItem ReadPreview(SqliteDataReader r) => KnowledgePreview.ForListing(Read(r));

    public static KnowledgeItemVersion ReadVersion(SqliteDataReader r) => new()
    {
        ItemId = r.GetString(0),
        UserId = r.GetString(1),
        Version = r.GetInt32(2),
        Title = r.GetString(3),
        Content = r.GetString(4),
        ContentType = r.GetString(5),
        SourceUrl = r.GetNullableString(6),
        SourceType = r.GetNullableString(7),
        Tags = SqliteValues.ParseTags(r.GetString(8)),
        MetadataJson = r.GetString(9),
        CreatedAt = r.GetTime(10),
        ReplacedAt = r.GetTime(11),
    };

    /// <summary>Replaces the item's rows in item_tags (the filterable copy of its tags).</summary>
    public static async Task WriteTagsAsync(SqliteConnection connection, SqliteTransaction transaction, string userId, string itemId, IReadOnlyList<string> tags, bool replace, CancellationToken cancellationToken)
    {
        if (replace)
        {
            await using var delete = connection.CreateCommand();
            delete.Transaction = transaction;
            delete.CommandText = "DELETE FROM item_tags WHERE user_id = @u AND item_id = @id";
            delete.Param("@u", userId).Param("@id", itemId);
            await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (tags.Count == 0)
        {
            return;
        }

        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT OR IGNORE INTO item_tags (user_id, item_id, tag) VALUES (@u, @id, @tag)";
        insert.Param("@u", userId).Param("@id", itemId);
        var tag = insert.Parameters.Add("@tag", SqliteType.Text);
        foreach (var value in tags)
        {
            tag.Value = value;
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
