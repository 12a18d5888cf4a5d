using System.Text.Json;
using System.Text.Json.Serialization;

/// <summary>One line of the corpus make-corpus.py writes: the known item and the query that should find it.</summary>
internal sealed record CorpusDocument(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("query")] string Query,
    [property: JsonPropertyName("body")] string Body)
{
    public static List<CorpusDocument> Read(string path) =>
        File.ReadLines(path).Where(l => l.Length > 0).Select(l => JsonSerializer.Deserialize<CorpusDocument>(l)!).ToList();
}
