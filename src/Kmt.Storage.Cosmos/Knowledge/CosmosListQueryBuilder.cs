using System.Globalization;
using System.Text;
using Kmt.Core.Common;
using Kmt.Core.Knowledge;
using Kmt.Storage.Cosmos.Documents;

namespace Kmt.Storage.Cosmos.Knowledge;

/// <summary>
/// The queries of <see cref="IKnowledgeStore.ListAsync"/>: the user's items (type "item") passing the
/// filters, keyset-paged by (sort field, id). Each sort has a composite index in both directions
/// (<see cref="ContainerDefinitions"/>). Times are fixed-width UTC text, so text order is time order.
/// </summary>
public static class CosmosListQueryBuilder
{
    public static string SortPath(KnowledgeSortField sort) => sort switch
    {
        KnowledgeSortField.CreatedAt => "c.createdAt",
        KnowledgeSortField.UpdatedAt => "c.updatedAt",
        KnowledgeSortField.AccessedAt => "c.accessedAt",
        KnowledgeSortField.ImportanceScore => "c.importanceScore",
        _ => throw new ArgumentOutOfRangeException(nameof(sort), sort, "Unknown sort field."),
    };

    /// <summary>SELECT the preview fields ... WHERE filters [AND after the keyset position] ORDER BY sort, id.</summary>
    public static CosmosQueryText Page(KnowledgeListQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var parameters = new QueryParameters();
        var where = Filters(query, parameters);
        var path = SortPath(query.Sort);
        if (query.After is { } after)
        {
            var comparison = query.Descending ? "<" : ">";
            var value = parameters.Set("@afterValue", ParseSortValue(query.Sort, after.SortValue));
            var id = parameters.Set("@afterId", after.Id);
            where.Append($" AND ({path} {comparison} {value} OR ({path} = {value} AND c.id {comparison} {id}))");
        }

        var direction = query.Descending ? "DESC" : "ASC";
        return new CosmosQueryText($"SELECT {CosmosItemProjection.Preview} FROM c WHERE {where} ORDER BY {path} {direction}, c.id {direction}", parameters.Values);
    }

    /// <summary>SELECT VALUE COUNT(1) over the same filters (the keyset position aside: the total counts every match).</summary>
    public static CosmosQueryText Count(KnowledgeListQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var parameters = new QueryParameters();
        var where = Filters(query, parameters);
        return new CosmosQueryText($"SELECT VALUE COUNT(1) FROM c WHERE {where}", parameters.Values);
    }

    private static StringBuilder Filters(KnowledgeListQuery query, QueryParameters parameters)
    {
        var where = new StringBuilder("c.userId = ").Append(parameters.Set("@u", query.UserId));
        where.Append(" AND c.type = ").Append(parameters.Set("@type", KnowledgeItemDocument.ItemType));
        where.Append(" AND c.isDeleted = ").Append(parameters.Set("@deleted", query.Deleted));
        if (query.ContentType is not null)
        {
            where.Append(" AND c.contentType = ").Append(parameters.Set("@contentType", query.ContentType));
        }

        if (query.Archived is { } archived)
        {
            where.Append(" AND c.isArchived = ").Append(parameters.Set("@archived", archived));
        }

        if (query.UpdatedSince is { } updatedSince)
        {
            where.Append(" AND c.updatedAt >= ").Append(parameters.Set("@updatedSince", CosmosJson.Time(updatedSince)));
        }

        if (query.CreatedAtOrBefore is { } createdAtOrBefore)
        {
            where.Append(" AND c.createdAt <= ").Append(parameters.Set("@createdAtOrBefore", CosmosJson.Time(createdAtOrBefore)));
        }

        if (!string.IsNullOrEmpty(query.Tag))
        {
            // tagPrefixes holds every tag and its ancestors: the tag itself or anything below it.
            where.Append(" AND ARRAY_CONTAINS(c.tagPrefixes, ").Append(parameters.Set("@tag", query.Tag)).Append(')');
        }

        return where;
    }

    /// <summary>The cursor's sort value as stored: a number for the score, the fixed-width time text otherwise.</summary>
    internal static object ParseSortValue(KnowledgeSortField sort, string value)
    {
        if (sort == KnowledgeSortField.ImportanceScore)
        {
            return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var score) && double.IsFinite(score)
                ? score
                : throw new ValidationException("cursor", "The cursor is not valid.");
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? CosmosJson.Time(time)
            : throw new ValidationException("cursor", "The cursor is not valid.");
    }
}
