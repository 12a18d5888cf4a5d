using System.Globalization;
using Microsoft.Data.Sqlite;

/// <summary>
/// The peer: plain BM25 as a search engine gives it out of the box. One FTS5 table (porter stemming, as
/// KMT's) over title and body as one text, FTS5's bm25() with no field weights, the query's words OR-ed.
/// </summary>
internal sealed class PlainBm25 : IDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");

    public PlainBm25(IEnumerable<CorpusDocument> documents)
    {
        _connection.Open();
        Execute("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, text, tokenize = 'porter unicode61')");
        using var transaction = _connection.BeginTransaction();
        using var insert = _connection.CreateCommand();
        insert.CommandText = "INSERT INTO docs (id, text) VALUES (@id, @text)";
        var id = insert.Parameters.Add("@id", SqliteType.Text);
        var text = insert.Parameters.Add("@text", SqliteType.Text);
        foreach (var document in documents)
        {
            id.Value = document.Id;
            text.Value = document.Title + "\n" + document.Body;
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    public List<string> Search(string query, int take)
    {
        var words = Words(query);
        if (words.Count == 0)
        {
            return [];
        }

        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT id FROM docs WHERE docs MATCH @q ORDER BY bm25(docs) LIMIT @take";
        command.Parameters.AddWithValue("@q", string.Join(" OR ", words.Select(w => "\"" + w + "\"")));
        command.Parameters.AddWithValue("@take", take);
        var ids = new List<string>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    private static List<string> Words(string text) =>
        System.Text.RegularExpressions.Regex.Matches(text.ToLower(CultureInfo.InvariantCulture), @"[\p{L}\p{N}]+").Select(m => m.Value).Distinct().ToList();

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose() => _connection.Dispose();
}
