using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Kmt.Core.Import;
using Kmt.Core.Import.Formats;
using static Kmt.Core.Tests.Import.ParserSupport;

namespace Kmt.Core.Tests.Import;

public sealed class MarkdownVaultParserTests
{
    private static readonly DateTimeOffset FileTime = new(2023, 11, 5, 14, 30, 0, TimeSpan.Zero);

    /// <summary>An Obsidian vault as people zip it: front matter in several styles, folders, attachments, the .obsidian folder.</summary>
    public static byte[] Vault(params (string Path, string Text)[] files)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, text) in files)
            {
                var entry = zip.CreateEntry(path);
                entry.LastWriteTime = FileTime;
                using var writer = new StreamWriter(entry.Open(), new UTF8Encoding(false));
                writer.Write(text);
            }
        }

        return buffer.ToArray();
    }

    public static readonly (string, string)[] Sample =
    [
        ("Zettelkasten.md", """
            ---
            title: The Zettelkasten method
            created: 2022-01-10T09:30:00+01:00
            tags: [pkm, "note taking"]
            ---
            Atomic notes linked by [[Evergreen notes|evergreen]] ideas and [[Projects/Reading list#2024]].
            See also ![[diagram.png]] and [[Missing note]]. #method
            """),
        ("Evergreen notes.md", """
            ---
            date: 2021-06-01
            tags:
              - pkm
              - writing
            ---
            Evergreen notes evolve and accumulate. Back to [[Zettelkasten]].
            """),
        ("Projects/Reading list.md", "No front matter here.\n"),
        (".obsidian/workspace.md", "not a note"),
        ("Broken date.md", "---\ncreated: last tuesday\n---\nbody\n"),
        ("diagram.png", "binary"),
    ];

    private static List<ImportRecord> ParseVault(byte[] zip, ImportParseContext? context = null)
    {
        using var stream = new MemoryStream(zip);
        return MarkdownVaultParser.Parse(stream, context ?? Context()).ToList();
    }

    [Fact]
    public void Notes_take_their_front_matter_date_else_their_file_time_and_keep_their_path_as_source_id()
    {
        var records = ParseVault(Vault(Sample));

        Assert.Equal(4, records.Count); // .obsidian and the png are not notes
        var zettel = Assert.IsType<CaptureRecord>(records.Single(r => r.Entry == "Zettelkasten.md"));
        Assert.Equal(("The Zettelkasten method", "markdown", "vault:Zettelkasten.md"), (zettel.Title, zettel.ContentType, zettel.SourceId));
        Assert.Equal(new DateTimeOffset(2022, 1, 10, 8, 30, 0, TimeSpan.Zero), zettel.At);
        Assert.Equal(["pkm", "note-taking", "method"], zettel.Tags);
        Assert.StartsWith("Atomic notes linked by", zettel.Content, StringComparison.Ordinal);

        var evergreen = Assert.IsType<CaptureRecord>(records.Single(r => r.Entry == "Evergreen notes.md"));
        Assert.Equal(new DateTimeOffset(2021, 6, 1, 0, 0, 0, TimeSpan.Zero), evergreen.At);
        Assert.Equal(["pkm", "writing"], evergreen.Tags);

        var reading = Assert.IsType<CaptureRecord>(records.Single(r => r.Entry == "Projects/Reading list.md"));
        Assert.Equal(("Reading list", FileTime), (reading.Title, reading.At));

        var broken = Assert.IsType<FailedRecord>(records.Single(r => r.Entry == "Broken date.md"));
        Assert.Null(broken.Line);
        Assert.Equal("The front matter's date \"last tuesday\" is not an ISO-8601 date or date-time.", broken.Reason);
    }

    [Fact]
    public void Wikilinks_are_kept_in_metadata_with_the_source_id_of_the_note_they_name()
    {
        var zettel = (CaptureRecord)ParseVault(Vault(Sample)).Single(r => r.Entry == "Zettelkasten.md");

        using var metadata = JsonDocument.Parse(zettel.MetadataJson);
        Assert.Equal("Zettelkasten.md", metadata.RootElement.GetProperty("vault_path").GetString());
        var links = metadata.RootElement.GetProperty("wikilinks").EnumerateArray()
            .Select(l => (l.GetProperty("target").GetString(), l.GetProperty("source_id").GetString())).ToList();
        Assert.Equal(
            [("Evergreen notes", "vault:Evergreen notes.md"), ("Projects/Reading list", "vault:Projects/Reading list.md"), ("diagram.png", null), ("Missing note", null)],
            links);
    }

    [Theory]
    [InlineData("[[A]] and [[A|alias]] and [[a#Heading]]", new[] { "A" })]
    [InlineData("[[Folder/Note.md]] ![[image.png|200]] [[Note^block]]", new[] { "Folder/Note", "image.png", "Note" })]
    [InlineData("no links [single] [[ ]]", new string[0])]
    public void Wikilink_targets_drop_headings_aliases_and_duplicates(string markdown, string[] expected)
    {
        Assert.Equal(expected, MarkdownVaultParser.WikiLinks(markdown));
    }

    [Fact]
    public void Not_a_zip_or_too_many_notes_refuses_the_whole_file()
    {
        using var text = new MemoryStream("just text"u8.ToArray());
        Assert.Throws<ImportFileException>(() => MarkdownVaultParser.Parse(text, Context()).ToList());

        var many = Vault(("a.md", "a"), ("b.md", "b"), ("c.md", "c"));
        var ex = Assert.Throws<ImportFileException>(() => ParseVault(many, Context(o => o.MaxVaultFiles = 2)));
        Assert.Contains("at most 2", ex.Message, StringComparison.Ordinal);

        var big = Vault(("a.md", new string('a', 2000)));
        Assert.Throws<ImportFileException>(() => ParseVault(big, Context(o => o.MaxUncompressedBytes = 1000)));
    }
}
