using System.Globalization;
using System.Text;
using Kmt.Core.Common;
using Kmt.Core.Knowledge;
using Kmt.Storage.Embedded.Sqlite;
using Microsoft.Data.Sqlite;

namespace Kmt.Storage.Embedded.Knowledge;

public sealed partial class SqliteKnowledgeStore
{
    public async Task<Page<KnowledgeItem>> ListAsync(KnowledgeListQuery query, CancellationToken cancellationToken)
    {
        var column = SortColumn(query.Sort);
        var where = new StringBuilder("k.user_id = @u");
        var parameters = new List<(string Name, object? Value)> { ("@u", query.UserId) };
        where.Append(query.Deleted ? " AND k.deleted_at IS NOT NULL" : " AND k.deleted_at IS NULL");
        if (query.ContentType is not null)
        {
            where.Append(" AND k.content_type = @contentType");
            parameters.Add(("@contentType", query.ContentType));
        }

        if (query.Archived is { } archived)
        {
            where.Append(" AND k.is_archived = @archived");
            parameters.Add(("@archived", archived ? 1 : 0));
        }

        if (query.UpdatedSince is { } updatedSince)
        {
            where.Append(" AND k.updated_at >= @updatedSince");
            parameters.Add(("@updatedSince", SqliteValues.Time(updatedSince)));
        }

        if (query.CreatedAtOrBefore is { } createdAtOrBefore)
        {
            where.Append(" AND k.created_at <= @createdAtOrBefore");
            parameters.Add(("@createdAtOrBefore", SqliteValues.Time(createdAtOrBefore)));
        }

        if (!string.IsNullOrEmpty(query.Tag))
        {
            AppendTagFilter(where, parameters, query.Tag, 0);
        }

        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);

        if (query.Take <= 0)
        {
            return new Page<KnowledgeItem>([], await CountAsync(connection, $"SELECT count(*) FROM knowledge_items k WHERE {where}", parameters, cancellationToken).ConfigureAwait(false), null);
        }

        var direction = query.Descending ? "DESC" : "ASC";
        await using var page = connection.CreateCommand();
        var sql = new StringBuilder($"SELECT {KnowledgeItemRows.PreviewColumns} FROM knowledge_items k WHERE {where}");
        if (query.After is { } after)
        {
            sql.Append(query.Descending ? $" AND (k.{column}, k.id) < (@afterValue, @afterId)" : $" AND (k.{column}, k.id) > (@afterValue, @afterId)");
            page.Param("@afterValue", ParseSortValue(query.Sort, after.SortValue)).Param("@afterId", after.Id);
        }

        sql.Append($" ORDER BY k.{column} {direction}, k.id {direction} LIMIT @take");
        page.Param("@take", query.Take + 1);
        if (query.After is null && query.Skip > 0)
        {
            sql.Append(" OFFSET @skip");
            page.Param("@skip", query.Skip);
        }

        page.CommandText = sql.ToString();
        AddAll(page, parameters);
        var items = new List<KnowledgeItem>(Math.Min(query.Take + 1, 256));
        await using (var reader = await page.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                items.Add(KnowledgeItemRows.ReadPreview(reader));
            }
        }

        // The first page that holds every match needs no separate count.
        var total = query.After is null && query.Skip <= 0 && items.Count <= query.Take
            ? items.Count
            : await CountAsync(connection, $"SELECT count(*) FROM knowledge_items k WHERE {where}", parameters, cancellationToken).ConfigureAwait(false);

        KeysetPosition? next = null;
        if (items.Count > query.Take)
        {
            items.RemoveAt(items.Count - 1);
            var last = items[^1];
            next = new KeysetPosition(SortValueOf(query.Sort, last), last.Id);
        }

        return new Page<KnowledgeItem>(items, total, next);
    }

    private static string SortColumn(KnowledgeSortField sort) => sort switch
    {
        KnowledgeSortField.CreatedAt => "created_at",
        KnowledgeSortField.UpdatedAt => "updated_at",
        KnowledgeSortField.AccessedAt => "accessed_at",
        KnowledgeSortField.ImportanceScore => "importance_score",
        _ => throw new ArgumentOutOfRangeException(nameof(sort), sort, "Unknown sort field."),
    };

    /// <summary>The stored value of the sort column: the time text, or the score as a round-trippable number.</summary>
    private static string SortValueOf(KnowledgeSortField sort, KnowledgeItem item) => sort switch
    {
        KnowledgeSortField.CreatedAt => SqliteValues.Time(item.CreatedAt),
        KnowledgeSortField.UpdatedAt => SqliteValues.Time(item.UpdatedAt),
        KnowledgeSortField.AccessedAt => SqliteValues.Time(item.AccessedAt),
        _ => SqliteValues.Real(item.ImportanceScore),
    };

    private static object ParseSortValue(KnowledgeSortField sort, string value)
    {
        if (sort == KnowledgeSortField.ImportanceScore)
        {
            return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var score) && double.IsFinite(score)
                ? score
                : throw new ValidationException("cursor", "The cursor is not valid.");
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? SqliteValues.Time(time)
            : throw new ValidationException("cursor", "The cursor is not valid.");
    }

    /// <summary>The item carries the tag or one below it ("science" matches "science/physics", not "science-fiction").</summary>
    private static void AppendTagFilter(StringBuilder where, List<(string Name, object? Value)> parameters, string tag, int index)
    {
        // One index range [tag, tag + "0") over (user_id, tag, item_id), then exactly the tag or "tag/...".
        where.Append($" AND k.id IN (SELECT t{index}.item_id FROM item_tags t{index} WHERE t{index}.user_id = @u AND t{index}.tag >= @tag{index} AND t{index}.tag < @tagTo{index} AND (t{index}.tag = @tag{index} OR t{index}.tag >= @tagFrom{index}))");
        parameters.Add(($"@tag{index}", tag));
        parameters.Add(($"@tagFrom{index}", SqliteValues.DescendantsFrom(tag)));
        parameters.Add(($"@tagTo{index}", SqliteValues.DescendantsTo(tag)));
    }

    private static async Task<long> CountAsync(SqliteConnection connection, string sql, List<(string Name, object? Value)> parameters, CancellationToken cancellationToken)
    {
        await using var count = connection.CreateCommand();
        count.CommandText = sql;
        AddAll(count, parameters);
        return (long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private static void AddAll(SqliteCommand command, List<(string Name, object? Value)> parameters)
    {
        foreach (var (name, value) in parameters)
        {
            command.Param(name, value);
        }
    }
}
