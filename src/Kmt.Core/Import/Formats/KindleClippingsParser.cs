using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Kmt.Core.Import.Formats;

/// <summary>
/// Kindle's "My Clippings.txt": clippings separated by a line of ten "=", each a title line
/// ("Title (Author)"), a details line ("- Your Highlight on page 12 | Location 170-172 | Added on
/// Monday, March 15, 2021 6:22:11 PM"), a blank line and the text. The Kindle writes its local time
/// without a zone: it is taken as UTC (docs/api.md, "Import"). Bookmarks hold no text and are
/// reported, not imported.
/// </summary>
public static partial class KindleClippingsParser
{
    public const string Separator = "==========";

    private static readonly string[] TimeFormats =
    [
        "dddd, MMMM d, yyyy h:mm:ss tt", "dddd, MMMM d, yyyy H:mm:ss", "dddd, d MMMM yyyy HH:mm:ss", "dddd, d MMMM yyyy H:mm:ss",
        "MMMM d, yyyy h:mm:ss tt", "d MMMM yyyy HH:mm:ss",
    ];

    public static IEnumerable<ImportRecord> Parse(Stream content, ImportParseContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var text = new StreamReader(content, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        var lines = new BoundedLineReader(text, context.Options.MaxLineCharacters);
        var block = new List<string>();
        var start = 1;
        var tooLong = false;
        while (lines.TryRead(out var line))
        {
            if (line is null)
            {
                tooLong = true;
                continue;
            }

            if (line.Trim() == Separator)
            {
                if (Clipping(start, block, tooLong, context) is { } record)
                {
                    yield return record;
                }

                block.Clear();
                tooLong = false;
                start = lines.LineNumber + 1;
                continue;
            }

            if (block.Count == 0 && string.IsNullOrWhiteSpace(line))
            {
                start = lines.LineNumber + 1;
                continue;
            }

            block.Add(line);
        }

        if (Clipping(start, block, tooLong, context) is { } last)
        {
            yield return last;
        }
    }

    private static ImportRecord? Clipping(int line, List<string> block, bool tooLong, ImportParseContext context)
    {
        if (block.Count == 0 && !tooLong)
        {
            return null;
        }

        if (tooLong)
        {
            return new FailedRecord(line, null, $"The clipping has a line longer than {context.Options.MaxLineCharacters} characters.");
        }

        if (block.Count < 2)
        {
            return new FailedRecord(line, null, "A clipping needs a title line and a details line (\"- Your Highlight on ... | Added on ...\").");
        }

        var (title, author) = SplitTitle(block[0].Trim());
        var details = Details().Match(block[1]);
        if (!details.Success)
        {
            return new FailedRecord(line + 1, null, "The details line is not \"- Your Highlight|Note|Bookmark ... | Added on <date>\".");
        }

        var kind = details.Groups["kind"].Value.ToLowerInvariant();
        var rawTime = details.Groups["added"].Value.Trim();
        if (!DateTime.TryParseExact(rawTime, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var local))
        {
            return new FailedRecord(line + 1, null, $"\"Added on {rawTime}\" is not a date like Monday, March 15, 2021 6:22:11 PM.");
        }

        var at = new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), TimeSpan.Zero);
        if (ImportTime.Problem(at, context.Now, "Added on") is { } problem)
        {
            return new FailedRecord(line + 1, null, problem);
        }

        var body = string.Join('\n', block.Skip(2)).Trim();
        if (body.Length == 0)
        {
            return new FailedRecord(line, null, kind == "bookmark" ? "A Kindle bookmark holds no text; it is not imported." : "The clipping has no text.");
        }

        var location = details.Groups["location"].Success ? details.Groups["location"].Value : null;
        var page = details.Groups["page"].Success ? details.Groups["page"].Value : null;
        var metadata = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["import_format"] = "kindle",
            ["author"] = author,
            ["clipping"] = kind,
            ["page"] = page,
            ["location"] = location,
        });
        return new CaptureRecord(line, null, ImportIds.Hashed("kindle", title, kind, location ?? page ?? "", body), at, title, body, "note", null, [], metadata);
    }

    /// <summary>"Thinking, Fast and Slow (Kahneman, Daniel)": the last parenthesised part is the author.</summary>
    private static (string Title, string? Author) SplitTitle(string line)
    {
        var open = line.LastIndexOf(" (", StringComparison.Ordinal);
        return line.EndsWith(')') && open > 0 ? (line[..open].Trim(), line[(open + 2)..^1].Trim()) : (line, null);
    }

    [GeneratedRegex(@"^-\s*Your (?<kind>Highlight|Note|Bookmark)(?:.*?\bpage (?<page>[\w-]+))?(?:.*?\bLocation (?<location>[\d-]+))?.*\|\s*Added on (?<added>.+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Details();
}
