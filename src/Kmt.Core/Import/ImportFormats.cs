namespace Kmt.Core.Import;

/// <summary>Wire names of <see cref="ImportFormat"/> and the media type each is recognised by.</summary>
public static class ImportFormats
{
    private static readonly (ImportFormat Format, string Name, string MediaType)[] Table =
    [
        (ImportFormat.KmtHistory, "kmt", "application/x-ndjson"),
        (ImportFormat.ReadwiseCsv, "readwise", "text/csv"),
        (ImportFormat.KindleClippings, "kindle", "text/plain"),
        (ImportFormat.MarkdownVault, "markdown_vault", "application/zip"),
        (ImportFormat.Bookmarks, "bookmarks", "text/html"),
    ];

    public static string Names => string.Join(", ", Table.Select(t => t.Name));

    public static string NameOf(ImportFormat format) => Table.First(t => t.Format == format).Name;

    public static string MediaTypeOf(ImportFormat format) => Table.First(t => t.Format == format).MediaType;

    /// <summary>
    /// The format named by <paramref name="name"/> (the format query parameter) when given, else the one
    /// the media type of <paramref name="contentType"/> stands for; null when neither says.
    /// </summary>
    public static ImportFormat? Resolve(string? name, string? contentType)
    {
        if (!string.IsNullOrWhiteSpace(name))
        {
            var wanted = name.Trim().ToLowerInvariant();
            return Table.Where(t => t.Name == wanted || (wanted == "obsidian" && t.Format == ImportFormat.MarkdownVault)).Select(t => (ImportFormat?)t.Format).FirstOrDefault();
        }

        var media = (contentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        if (media is "application/jsonl" or "application/jsonlines")
        {
            media = "application/x-ndjson";
        }
        else if (media is "application/x-zip-compressed")
        {
            media = "application/zip";
        }

        return Table.Where(t => t.MediaType == media).Select(t => (ImportFormat?)t.Format).FirstOrDefault();
    }
}
