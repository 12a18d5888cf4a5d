using System.Text;
using Kmt.Core.Common;
using Kmt.Core.Knowledge;
using Kmt.Storage.Embedded.Sqlite;
using Microsoft.Data.Sqlite;

namespace Kmt.Storage.Embedded.Knowledge;

public sealed partial class SqliteKnowledgeStore
{
    /// <summary>bm25 column weights: title, content, tags.</summary>
    private const string Rank = "bm25(knowledge_fts, 5.0, 1.0, 2.0)";

    private const int SnippetTokens = 24;

    public async Task<(IReadOnlyList<SearchHit> Hits, long Total)> SearchAsync(KnowledgeSearchQuery query, CancellationToken cancellationToken)
    {
        var match = Fts5QueryRenderer.Render(query.Query);
        var where = new StringBuilder("knowledge_fts MATCH @match AND k.user_id = @u AND k.deleted_at IS NULL");
        var parameters = new List<(string Name, object? Value)> { ("@match", match), ("@u", query.UserId) };
        if (query.ContentType is not null)
        {
            where.Append(" AND k.content_type = @contentType");
            parameters.Add(("@contentType", query.ContentType));
        }

        if (query.From is { } from)
        {
            where.Append(" AND k.created_at >= @from");
            parameters.Add(("@from", SqliteValues.Time(from)));
        }

        if (query.To is { } to)
        {
            where.Append(" AND k.created_at <= @to");
            parameters.Add(("@to", SqliteValues.Time(to)));
        }

        for (var i = 0; i < query.Tags.Count; i++)
        {
            AppendTagFilter(where, parameters, query.Tags[i], i);
        }

        const string Source = "FROM knowledge_fts JOIN knowledge_items k ON k.seq = knowledge_fts.rowid";
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (query.Take <= 0)
            {
                return ([], await CountAsync(connection, $"SELECT count(*) {Source} WHERE {where}", parameters, cancellationToken).ConfigureAwait(false));
            }

            await using var page = connection.CreateCommand();
            page.CommandText = $"""
                SELECT {KnowledgeItemRows.Columns}, {Rank} AS rank_value,
                    snippet(knowledge_fts, 1, @markStart, @markEnd, @ellipsis, {SnippetTokens}) AS content_snippet,
                    snippet(knowledge_fts, 0, @markStart, @markEnd, @ellipsis, {SnippetTokens}) AS title_snippet
                {Source}
                WHERE {where}
                ORDER BY rank_value, k.id
                LIMIT @take OFFSET @skip
                """;
            AddAll(page, parameters);
            page.Param("@markStart", SnippetMarkers.Start).Param("@markEnd", SnippetMarkers.End).Param("@ellipsis", SnippetMarkers.Ellipsis)
                .Param("@take", query.Take).Param("@skip", Math.Max(0, query.Skip));
            var hits = new List<SearchHit>(query.Take);
            await using (var reader = await page.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var item = KnowledgeItemRows.Read(reader);
                    var rank = reader.GetDouble(19);
                    var snippet = ChooseSnippet(item, reader.GetNullableString(20), reader.GetNullableString(21));
                    hits.Add(new SearchHit(item, -rank, snippet));
                }
            }

            // A first page that is not full holds every match: no separate count needed.
            var total = query.Skip <= 0 && hits.Count < query.Take
                ? hits.Count
                : await CountAsync(connection, $"SELECT count(*) {Source} WHERE {where}", parameters, cancellationToken).ConfigureAwait(false);
            return (hits, total);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 1)
        {
            // SQLITE_ERROR from MATCH (an fts5 syntax error): the client's query, not a server fault.
            throw new ValidationException("query", "The search query could not be understood.");
        }
    }

    /// <summary>The content snippet when the content matched, else the title's when it did, else the content's start.</summary>
    private static string ChooseSnippet(KnowledgeItem item, string? contentSnippet, string? titleSnippet)
    {
        if (!string.IsNullOrEmpty(contentSnippet) && contentSnippet.Contains(SnippetMarkers.Start, StringComparison.Ordinal))
        {
            return contentSnippet;
        }

        if (!string.IsNullOrEmpty(titleSnippet) && titleSnippet.Contains(SnippetMarkers.Start, StringComparison.Ordinal))
        {
            return titleSnippet;
        }

        return !string.IsNullOrEmpty(contentSnippet) ? contentSnippet : item.Title;
    }
}
