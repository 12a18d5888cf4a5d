using Kmt.Core.Common;
using Kmt.Core.Tags;
using Kmt.Storage.Embedded.Sqlite;
using Microsoft.Data.Sqlite;

namespace Kmt.Storage.Embedded.Knowledge;

public sealed partial class SqliteKnowledgeStore
{
    public Task<int> RenameTagAsync(string userId, string oldPath, string newPath, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (string.Equals(oldPath, newPath, StringComparison.Ordinal))
        {
            return Task.FromResult(0);
        }

        return RewriteTagsAsync(
            userId,
            "t.tag = @tag OR (t.tag >= @tagFrom AND t.tag < @tagTo)",
            oldPath,
            tags => TagRenamePlan.RenameAll(tags, oldPath, newPath),
            at,
            cancellationToken);
    }

    public Task<int> RemoveTagAsync(string userId, string path, DateTimeOffset at, CancellationToken cancellationToken) =>
        RewriteTagsAsync(
            userId,
            "t.tag = @tag",
            path,
            tags => TagRenamePlan.RemoveOne(tags, path),
            at,
            cancellationToken);

    /// <summary>One GROUP BY over the item_tags index; only the asked tags are returned.</summary>
    public async Task<IReadOnlyDictionary<string, int>> CountByTagAsync(string userId, IReadOnlyCollection<string> tags, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tags);
        var wanted = tags.ToHashSet(StringComparer.Ordinal);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT t.tag, count(*) FROM item_tags t
            JOIN knowledge_items k ON k.user_id = t.user_id AND k.id = t.item_id
            WHERE t.user_id = @u AND k.user_id = @u AND k.deleted_at IS NULL
            GROUP BY t.tag
            """;
        command.Param("@u", userId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var tag = reader.GetString(0);
            if (wanted.Contains(tag))
            {
                counts[tag] = reader.GetInt32(1);
            }
        }

        return counts;
    }

    /// <summary>
    /// Rewrites the tags of every item (live or trashed) with a tag matching <paramref name="tagCondition"/>:
    /// order kept, duplicates a rename creates dropped, a new ETag and updated_at for each changed item.
    /// </summary>
    private async Task<int> RewriteTagsAsync(string userId, string tagCondition, string path, Func<IReadOnlyList<string>, IEnumerable<string>> rewrite, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var write = await database.BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        var (connection, transaction) = write;
        var affected = new List<(string Id, IReadOnlyList<string> Tags)>();
        await using (var select = connection.CreateCommand())
        {
            select.Transaction = transaction;
            select.CommandText = $"""
                SELECT k.id, k.tags FROM knowledge_items k
                WHERE k.user_id = @u AND EXISTS (SELECT 1 FROM item_tags t WHERE t.user_id = @u AND t.item_id = k.id AND ({tagCondition}))
                """;
            select.Param("@u", userId).Param("@tag", path)
                .Param("@tagFrom", SqliteValues.DescendantsFrom(path)).Param("@tagTo", SqliteValues.DescendantsTo(path));
            await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                affected.Add((reader.GetString(0), SqliteValues.ParseTags(reader.GetString(1))));
            }
        }

        var changed = 0;
        await using var update = connection.CreateCommand();
        update.Transaction = transaction;
        update.CommandText = "UPDATE knowledge_items SET tags = @tags, etag = @etag, updated_at = @at, graph_pending_since = coalesce(graph_pending_since, @at) WHERE user_id = @u AND id = @id";
        update.Param("@u", userId).Param("@at", SqliteValues.Time(at));
        var tagsParameter = update.Parameters.Add("@tags", SqliteType.Text);
        var etagParameter = update.Parameters.Add("@etag", SqliteType.Text);
        var idParameter = update.Parameters.Add("@id", SqliteType.Text);
        foreach (var (id, tags) in affected)
        {
            var newTags = rewrite(tags).Distinct(StringComparer.Ordinal).ToList();
            if (newTags.SequenceEqual(tags, StringComparer.Ordinal))
            {
                continue;
            }

            tagsParameter.Value = SqliteValues.TagsJson(newTags);
            etagParameter.Value = ETags.New();
            idParameter.Value = id;
            await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await KnowledgeItemRows.WriteTagsAsync(connection, transaction, userId, id, newTags, replace: true, cancellationToken).ConfigureAwait(false);
            changed++;
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return changed;
    }
}
