using System.Globalization;
using System.Text;
using Kmt.Core.Common;
using Kmt.Core.Knowledge;
using Kmt.Storage.Embedded.Sqlite;
using Microsoft.Data.Sqlite;

namespace Kmt.Storage.Embedded.Knowledge;

// Full-text search over two FTS5 indexes of the items: knowledge_fts (porter-stemmed, so "running" finds
// "runs") and knowledge_fts_unstemmed (whole words, so the prefix "programmi*" finds "programming", which
// the stemmed index holds as "program"). See Fts5QueryRenderer.Plan.
public sealed partial class SqliteKnowledgeStore
{
    private const string Stemmed = "knowledge_fts";

    private const string Unstemmed = "knowledge_fts_unstemmed";

    private const int SnippetTokens = 24;

    public async Task<(IReadOnlyList<SearchHit> Hits, long Total)> SearchAsync(KnowledgeSearchQuery query, CancellationToken cancellationToken)
    {
        var plan = Fts5QueryRenderer.Plan(query.Query);
        var parameters = new List<(string Name, object? Value)> { ("@u", query.UserId) };
        var filters = Filters(query, parameters);
        var (matchesSql, rankedSql) = plan.UsesUnstemmed ? BothIndexes(plan, filters, parameters, query.Weights) : StemmedOnly(plan, filters, parameters, query.Weights);

        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (query.Take <= 0)
            {
                return ([], await CountAsync(connection, $"{matchesSql} SELECT count(*) FROM matches", parameters, cancellationToken).ConfigureAwait(false));
            }

            // Rank every match (small rows: seq and score), count them in the same pass, and only then
            // read the page's items; snippets are made for the page alone. Ties go by seq (stable, unique).
            await using var page = connection.CreateCommand();
            page.CommandText = $"""
                {rankedSql},
                page AS (
                    SELECT seq, rank_value, count(*) OVER () AS total FROM ranked
                    ORDER BY rank_value, seq LIMIT @take OFFSET @skip
                )
                SELECT {KnowledgeItemRows.PreviewColumns}, p.seq, p.rank_value, p.total
                FROM page p JOIN knowledge_items k ON k.seq = p.seq
                ORDER BY p.rank_value, p.seq
                """;
            AddAll(page, parameters);
            page.Param("@take", query.Take).Param("@skip", Math.Max(0, query.Skip));
            var rows = new List<(KnowledgeItem Item, long Seq, double Rank)>(query.Take);
            long? total = null;
            await using (var reader = await page.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var n = KnowledgeItemRows.Count;
                    rows.Add((KnowledgeItemRows.ReadPreview(reader), reader.GetInt64(n), reader.GetDouble(n + 1)));
                    total = reader.GetInt64(n + 2);
                }
            }

            // A page past the end has no row to carry the total.
            total ??= await CountAsync(connection, $"{matchesSql} SELECT count(*) FROM matches", parameters, cancellationToken).ConfigureAwait(false);
            var hits = query.WithSnippets
                ? await WithSnippetsAsync(connection, plan, rows, cancellationToken).ConfigureAwait(false)
                : rows.Select(r => new SearchHit(r.Item, -r.Rank, string.Empty)).ToList();
            return (hits, total.Value);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 1)
        {
            // SQLITE_ERROR from MATCH (an fts5 syntax error): the client's query, not a server fault.
            throw new ValidationException("query", "The search query could not be understood.");
        }
    }

    /// <summary>The user's live items passing the filters (conditions on k).</summary>
    private static string Filters(KnowledgeSearchQuery query, List<(string Name, object? Value)> parameters)
    {
        var where = new StringBuilder("k.user_id = @u AND k.deleted_at IS NULL");
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

        if (query.ItemIds is { } ids)
        {
            // Through the (user_id, id) index as a list of rowids: "k.id IN (...)" alone reads every filtered row.
            where.Append(" AND k.seq IN (SELECT i.seq FROM knowledge_items i WHERE i.user_id = @u AND i.id IN (")
                .AppendJoin(", ", ids.Select((_, i) => "@itemId" + i)).Append(ids.Count == 0 ? "NULL))" : "))");
            for (var i = 0; i < ids.Count; i++)
            {
                parameters.Add(("@itemId" + i, ids[i]));
            }
        }

        return where.ToString();
    }

    /// <summary>
    /// No prefix clause: one MATCH on the stemmed index decides and ranks (bm25). The user's live, filtered
    /// items come from the covering index ix_knowledge_items_filters as a set of rowids the scan is checked
    /// against ("+rowid": a filter, not a per-row MATCH lookup), cheaper than reading each matched item.
    /// </summary>
    private static (string Matches, string Ranked) StemmedOnly(Fts5SearchPlan plan, string filters, List<(string Name, object? Value)> parameters, SearchFieldWeights weights)
    {
        parameters.Add(("@match", plan.StemmedQuery));
        var where = $"{Stemmed} MATCH @match AND +rowid IN (SELECT k.seq FROM knowledge_items k WHERE {filters})";
        return (
            $"WITH matches AS (SELECT rowid AS seq FROM {Stemmed} WHERE {where})",
            $"WITH ranked AS (SELECT rowid AS seq, {Bm25(Stemmed, weights)} AS rank_value FROM {Stemmed} WHERE {where})");
    }

    /// <summary>
    /// With prefix clauses: each condition of the plan is a set of rowids from one index or both, the
    /// matches are the user's items in all of them and in neither exclusion. The rank is bm25 in the
    /// primary index (the stemmed one unless every positive clause is a prefix) and, for items only the
    /// other index matched, bm25 there.
    /// </summary>
    private static (string Matches, string Ranked) BothIndexes(Fts5SearchPlan plan, string filters, List<(string Name, object? Value)> parameters, SearchFieldWeights weights)
    {
        var matches = new StringBuilder($"SELECT k.seq FROM knowledge_items k WHERE {filters}");
        for (var i = 0; i < plan.Required!.Count; i++)
        {
            var condition = plan.Required[i];
            matches.Append($" AND k.seq IN (SELECT rowid FROM {Stemmed} WHERE {Stemmed} MATCH @required{i}");
            parameters.Add(($"@required{i}", condition.Stemmed));
            if (condition.Unstemmed is not null)
            {
                matches.Append($" UNION SELECT rowid FROM {Unstemmed} WHERE {Unstemmed} MATCH @requiredUnstemmed{i}");
                parameters.Add(($"@requiredUnstemmed{i}", condition.Unstemmed));
            }

            matches.Append(')');
        }

        if (plan.ExcludedStemmed is not null)
        {
            matches.Append($" AND k.seq NOT IN (SELECT rowid FROM {Stemmed} WHERE {Stemmed} MATCH @excluded)");
            parameters.Add(("@excluded", plan.ExcludedStemmed));
        }

        if (plan.ExcludedUnstemmed is not null)
        {
            matches.Append($" AND k.seq NOT IN (SELECT rowid FROM {Unstemmed} WHERE {Unstemmed} MATCH @excludedUnstemmed)");
            parameters.Add(("@excludedUnstemmed", plan.ExcludedUnstemmed));
        }

        var (primary, primaryMatch, secondary, secondaryMatch) = RankingIndexes(plan);
        parameters.Add(("@primaryAny", primaryMatch));
        var matchesCte = $"WITH matches AS MATERIALIZED ({matches})";

        // "+rowid": filter rows, so FTS5 runs the MATCH once instead of once per match (bm25 is only computed for rows that pass).
        var ranked = new StringBuilder($"""
            {matchesCte},
            primary_ranks AS MATERIALIZED (
                SELECT rowid AS seq, {Bm25(primary, weights)} AS rank_value FROM {primary}
                WHERE {primary} MATCH @primaryAny AND +rowid IN (SELECT seq FROM matches)
            )
            """);
        if (secondaryMatch is null)
        {
            ranked.Append("""
                ,
                ranked AS (
                    SELECT m.seq, coalesce(p.rank_value, 0.0) AS rank_value
                    FROM matches m LEFT JOIN primary_ranks p ON p.seq = m.seq
                )
                """);
        }
        else
        {
            parameters.Add(("@secondaryAny", secondaryMatch));
            ranked.Append($"""
                ,
                secondary_ranks AS MATERIALIZED (
                    SELECT rowid AS seq, {Bm25(secondary, weights)} AS rank_value FROM {secondary}
                    WHERE {secondary} MATCH @secondaryAny AND +rowid IN (SELECT seq FROM matches) AND +rowid NOT IN (SELECT seq FROM primary_ranks)
                ),
                ranked AS (
                    SELECT m.seq, coalesce(p.rank_value, s.rank_value, 0.0) AS rank_value
                    FROM matches m LEFT JOIN primary_ranks p ON p.seq = m.seq LEFT JOIN secondary_ranks s ON s.seq = m.seq
                )
                """);
        }

        return (matchesCte, ranked.ToString());
    }

    /// <summary>The index (and OR-ed positive clauses) to rank and highlight with first, and the fallback one.</summary>
    private static (string Primary, string PrimaryMatch, string Secondary, string? SecondaryMatch) RankingIndexes(Fts5SearchPlan plan) =>
        !plan.UsesUnstemmed ? (Stemmed, plan.StemmedQuery, Unstemmed, null)
        : plan.PrimaryIsUnstemmed ? (Unstemmed, plan.UnstemmedAny!, Stemmed, plan.StemmedAny)
        : (Stemmed, plan.StemmedAny, Unstemmed, plan.UnstemmedAny);

    /// <summary>bm25 with the column weights title, content, tags (negative: lower is better); numbers, so formatted invariantly.</summary>
    private static string Bm25(string table, SearchFieldWeights weights) =>
        string.Create(CultureInfo.InvariantCulture, $"bm25({table}, {Weight(weights.Title):R}, {Weight(weights.Content):R}, {Weight(weights.Tags):R})");

    /// <summary>FTS5 takes any real weight; a configured NaN, infinity or negative would invert or break the ranking.</summary>
    private static double Weight(double weight) => double.IsFinite(weight) && weight > 0 ? weight : 0.0;

    private static async Task<List<SearchHit>> WithSnippetsAsync(SqliteConnection connection, Fts5SearchPlan plan, List<(KnowledgeItem Item, long Seq, double Rank)> rows, CancellationToken cancellationToken)
    {
        var hits = new List<SearchHit>(rows.Count);
        if (rows.Count == 0)
        {
            return hits;
        }

        var (primary, primaryMatch, secondary, secondaryMatch) = RankingIndexes(plan);
        var fromPrimary = await SnippetsAsync(connection, primary, primaryMatch, rows.Select(r => r.Seq).ToList(), Fts5Snippets.Default, cancellationToken).ConfigureAwait(false);

        // The other index only for items whose content did not match in the first (e.g. "happi*" for "happy").
        var unmarked = rows.Where(r => !Fts5Snippets.HasMatch(fromPrimary.GetValueOrDefault(r.Seq)?.Content, Fts5Snippets.Default)).Select(r => r.Seq).ToList();
        var fromSecondary = secondaryMatch is null || unmarked.Count == 0
            ? new Dictionary<long, RawSnippets>()
            : await SnippetsAsync(connection, secondary, secondaryMatch, unmarked, Fts5Snippets.Default, cancellationToken).ConfigureAwait(false);

        foreach (var (item, seq, rank) in rows)
        {
            var placeholders = Fts5Snippets.For(item.Title, item.Content);
            var first = fromPrimary.GetValueOrDefault(seq);
            var second = fromSecondary.GetValueOrDefault(seq);
            if (placeholders != Fts5Snippets.Default)
            {
                // The item's own text holds a default placeholder: snippet it again with placeholders it lacks.
                first = null;
                second = null;
                if (placeholders is { } own)
                {
                    first = (await SnippetsAsync(connection, primary, primaryMatch, [seq], own, cancellationToken).ConfigureAwait(false)).GetValueOrDefault(seq);
                    second = secondaryMatch is null
                        ? null
                        : (await SnippetsAsync(connection, secondary, secondaryMatch, [seq], own, cancellationToken).ConfigureAwait(false)).GetValueOrDefault(seq);
                }
            }

            hits.Add(new SearchHit(item, -rank, ChooseSnippet(item, first, second, placeholders)));
        }

        return hits;
    }

    /// <summary>
    /// snippet() of the content and title of the given rows, with matches of <paramref name="match"/> between
    /// placeholders. One pass over the matches ("+rowid": a filter): a rowid lookup per row would expand a
    /// prefix query's terms again for every row.
    /// </summary>
    private static async Task<Dictionary<long, RawSnippets>> SnippetsAsync(SqliteConnection connection, string table, string match, IReadOnlyList<long> seqs, Fts5Snippets.Placeholders placeholders, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        var rowids = string.Join(", ", seqs.Select((_, i) => "@s" + i));
        command.CommandText = $"""
            SELECT rowid,
                snippet({table}, 1, @open, @close, @ellipsis, {SnippetTokens}),
                snippet({table}, 0, @open, @close, @ellipsis, {SnippetTokens})
            FROM {table} WHERE {table} MATCH @match AND +rowid IN ({rowids})
            """;
        command.Param("@match", match).Param("@open", placeholders.OpenText).Param("@close", placeholders.CloseText).Param("@ellipsis", SnippetMarkers.Ellipsis);
        for (var i = 0; i < seqs.Count; i++)
        {
            command.Param("@s" + i, seqs[i]);
        }

        var snippets = new Dictionary<long, RawSnippets>(seqs.Count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            snippets[reader.GetInt64(0)] = new RawSnippets(reader.GetNullableString(1), reader.GetNullableString(2));
        }

        return snippets;
    }

    /// <summary>
    /// As HTML: the content snippet when the content matched (in the primary index, else the other), else the
    /// title's when it did, else the content's start, else the title.
    /// </summary>
    private static string ChooseSnippet(KnowledgeItem item, RawSnippets? first, RawSnippets? second, Fts5Snippets.Placeholders? placeholders)
    {
        if (placeholders is { } p)
        {
            string?[] marked = [first?.Content, second?.Content, first?.Title, second?.Title];
            if (marked.FirstOrDefault(s => Fts5Snippets.HasMatch(s, p)) is { } raw)
            {
                return Fts5Snippets.Render(raw, p);
            }
        }

        var start = first?.Content ?? second?.Content;
        return Fts5Snippets.Render(!string.IsNullOrEmpty(start) ? start : item.Title, placeholders);
    }

    private sealed record RawSnippets(string? Content, string? Title);
}
