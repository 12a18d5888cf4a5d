using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Kmt.Core.Import.Formats;

/// <summary>
/// A Markdown / Obsidian vault as a zip: every .md file is a note (dot-folders such as .obsidian and
/// __MACOSX are left out). Its time is the front matter's created / date / created_at, else the
/// file's time in the zip; its title the front matter's title, else the file name; its tags the
/// front matter's tags. Its [[wikilinks]] are kept in the item's metadata ("wikilinks": target as
/// written, and the source_id of the vault note it names when there is one) for the knowledge graph
/// to turn into relationships (docs/api.md, "Import").
/// </summary>
public static partial class MarkdownVaultParser
{
    public const string SourceIdPrefix = "vault:";

    private static readonly string[] CreatedKeys = ["created", "date", "created_at", "creation_date", "date_created"];

    public static IEnumerable<ImportRecord> Parse(Stream content, ImportParseContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException)
        {
            throw new ImportFileException("The file is not a zip archive; send the vault folder zipped.");
        }

        using (zip)
        {
            var notes = zip.Entries.Where(IsNote).ToList();
            if (notes.Count > context.Options.MaxVaultFiles)
            {
                throw new ImportFileException($"The vault holds {notes.Count} Markdown files; at most {context.Options.MaxVaultFiles} are imported at once.");
            }

            if (notes.Sum(e => e.Length) > context.Options.MaxUncompressedBytes)
            {
                throw new ImportFileException($"The vault's notes expand to more than {context.Options.MaxUncompressedBytes} bytes.");
            }

            // Obsidian resolves [[Name]] by file name (or by path when the name is ambiguous).
            var byName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var byPath = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var note in notes)
            {
                var path = NotePath(note);
                var id = SourceId(path, context.Options.SourceIdMaxLength);
                byPath[path[..^3]] = id;
                byName.TryAdd(Path.GetFileNameWithoutExtension(path), id);
            }

            foreach (var note in notes)
            {
                yield return Note(note, byName, byPath, context);
            }
        }
    }

    /// <summary>"vault:" and the note's path in the vault ("vault:Projects/Idea.md"); hashed when longer than the limit.</summary>
    public static string SourceId(string path, int maxLength) =>
        SourceIdPrefix.Length + path.Length <= maxLength ? SourceIdPrefix + path : ImportIds.Hashed("vault", path);

    private static ImportRecord Note(ZipArchiveEntry entry, Dictionary<string, string> byName, Dictionary<string, string> byPath, ImportParseContext context)
    {
        var path = NotePath(entry);
        string text;
        try
        {
            using var stream = entry.Open();
            using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            var buffer = new char[Math.Min(entry.Length + 1, context.Options.MaxUncompressedBytes)];
            var read = reader.ReadBlock(buffer, 0, buffer.Length);
            if (read > entry.Length)
            {
                return new FailedRecord(null, path, "The file holds more than its zip entry declares.");
            }

            text = new string(buffer, 0, read);
        }
        catch (InvalidDataException ex)
        {
            return new FailedRecord(null, path, "The file cannot be read from the zip: " + ex.Message);
        }

        var (front, body) = FrontMatter.Split(text);
        DateTimeOffset at;
        var created = CreatedKeys.Select(k => front.GetValueOrDefault(k)).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
        if (created is not null)
        {
            if (FrontMatter.ParseDate(created) is not { } parsed)
            {
                return new FailedRecord(null, path, $"The front matter's date \"{created}\" is not an ISO-8601 date or date-time.");
            }

            at = parsed;
        }
        else
        {
            at = entry.LastWriteTime.ToUniversalTime();
        }

        if (ImportTime.Problem(at, context.Now, "The note's date") is { } problem)
        {
            return new FailedRecord(null, path, problem);
        }

        var title = front.GetValueOrDefault("title") is { Length: > 0 } t ? t : Path.GetFileNameWithoutExtension(path);
        var (tags, sourceTags) = ForeignTags.From(FrontMatter.List(front.GetValueOrDefault("tags")).Concat(InlineTags(body)));
        var links = WikiLinks(body)
            .Select(target => new Dictionary<string, string?>
            {
                ["target"] = target,
                ["source_id"] = byPath.GetValueOrDefault(target.TrimStart('/')) ?? byName.GetValueOrDefault(Path.GetFileName(target)),
            })
            .ToList();
        var metadata = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["import_format"] = "markdown_vault",
            ["vault_path"] = path,
            ["wikilinks"] = links,
            ["source_tags"] = sourceTags.Count == 0 ? null : sourceTags,
        });
        return new CaptureRecord(null, path, SourceId(path, context.Options.SourceIdMaxLength), at, title, body.Trim(), "markdown", front.GetValueOrDefault("url") ?? front.GetValueOrDefault("source"), tags, metadata);
    }

    /// <summary>Link targets in order of first appearance, without heading (#), block (^) or alias (|) parts; embeds (![[...]]) count.</summary>
    public static IReadOnlyList<string> WikiLinks(string markdown) =>
        WikiLink().Matches(markdown ?? "").Select(m => m.Groups["target"].Value.Trim()).Where(t => t.Length > 0)
            .Select(t => t.EndsWith(".md", StringComparison.OrdinalIgnoreCase) ? t[..^3] : t)
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    private static IEnumerable<string> InlineTags(string markdown) => InlineTag().Matches(markdown).Select(m => m.Groups["tag"].Value);

    private static bool IsNote(ZipArchiveEntry entry) =>
        entry.FullName.EndsWith(".md", StringComparison.OrdinalIgnoreCase)
        && !entry.FullName.Replace('\\', '/').Split('/').Any(part => part.StartsWith('.') || part == "__MACOSX");

    private static string NotePath(ZipArchiveEntry entry) => entry.FullName.Replace('\\', '/').TrimStart('/');

    [GeneratedRegex(@"!?\[\[(?<target>[^\]\|#\^\r\n]+)(?:[#\^][^\]\|\r\n]*)?(?:\|[^\]\r\n]*)?\]\]", RegexOptions.CultureInvariant)]
    private static partial Regex WikiLink();

    [GeneratedRegex(@"(?<=^|\s)#(?<tag>[\p{L}\p{N}_\-/]*[\p{L}_\-/][\p{L}\p{N}_\-/]*)", RegexOptions.CultureInvariant | RegexOptions.Multiline)]
    private static partial Regex InlineTag();
}
