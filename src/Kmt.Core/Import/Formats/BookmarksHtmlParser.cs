using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Kmt.Core.Import.Formats;

/// <summary>
/// Browser bookmarks exported as HTML (the Netscape bookmark file format every browser writes):
/// each &lt;A HREF ADD_DATE&gt; is a bookmark, its time ADD_DATE (Unix seconds), its folder the
/// &lt;H3&gt; headings around it, its description the &lt;DD&gt; after it, its tags Firefox's TAGS.
/// The source id is a hash of the URL, so the same page bookmarked twice is imported once.
/// </summary>
public static partial class BookmarksHtmlParser
{
    public static IEnumerable<ImportRecord> Parse(Stream content, ImportParseContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var text = new StreamReader(content, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        var lines = new BoundedLineReader(text, context.Options.MaxLineCharacters);
        var folders = new List<string>();
        string? pendingFolder = null;
        Pending? pending = null;
        while (lines.TryRead(out var line))
        {
            if (line is null)
            {
                if (pending is not null)
                {
                    yield return pending.ToRecord(null, context);
                    pending = null;
                }

                yield return new FailedRecord(lines.LineNumber, null, $"The line is longer than {context.Options.MaxLineCharacters} characters.");
                continue;
            }

            foreach (Match tag in Tag().Matches(line))
            {
                var name = tag.Groups["name"].Value.ToUpperInvariant();
                if (name is "A" or "H3" or "/DL" && pending is not null)
                {
                    yield return pending.ToRecord(null, context);
                    pending = null;
                }

                switch (name)
                {
                    case "H3":
                        pendingFolder = WebUtility.HtmlDecode(tag.Groups["text"].Value).Trim();
                        break;
                    case "DL":
                        folders.Add(pendingFolder ?? "");
                        pendingFolder = null;
                        break;
                    case "/DL":
                        if (folders.Count > 0)
                        {
                            folders.RemoveAt(folders.Count - 1);
                        }

                        break;
                    case "A":
                        pending = new Pending(lines.LineNumber, tag.Groups["attrs"].Value, WebUtility.HtmlDecode(tag.Groups["text"].Value).Trim(), folders.Where(f => f.Length > 0).ToList());
                        break;
                    case "DD" when pending is not null:
                        pending.Description = WebUtility.HtmlDecode(tag.Groups["text"].Value).Trim();
                        yield return pending.ToRecord(null, context);
                        pending = null;
                        break;
                }
            }
        }

        if (pending is not null)
        {
            yield return pending.ToRecord(null, context);
        }
    }

    /// <summary>ADD_DATE as a time: Unix seconds (milliseconds or microseconds when the number is that large).</summary>
    public static DateTimeOffset? ParseAddDate(string? raw)
    {
        if (!long.TryParse(raw, out var value) || value <= 0)
        {
            return null;
        }

        value = value > 100_000_000_000_000 ? value / 1_000_000 : value > 100_000_000_000 ? value / 1000 : value;
        return value > 253_402_300_799 ? null : DateTimeOffset.FromUnixTimeSeconds(value);
    }

    private static string? Attribute(string attributes, string name)
    {
        var match = Attr().Matches(attributes).FirstOrDefault(m => string.Equals(m.Groups["key"].Value, name, StringComparison.OrdinalIgnoreCase));
        return match is null ? null : WebUtility.HtmlDecode(match.Groups["value"].Value);
    }

    [GeneratedRegex(@"<(?<name>/?(?:A|H3|DL|DD))\b(?<attrs>[^>]*)>(?<text>[^<]*)(?:</(?:A|H3)>)?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Tag();

    [GeneratedRegex(@"(?<key>[A-Z_]+)\s*=\s*""(?<value>[^""]*)""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Attr();

    private sealed class Pending(int line, string attributes, string title, IReadOnlyList<string> folders)
    {
        public string? Description { get; set; }

        public ImportRecord ToRecord(string? entry, ImportParseContext context)
        {
            var url = Attribute(attributes, "HREF")?.Trim();
            if (string.IsNullOrEmpty(url))
            {
                return new FailedRecord(line, entry, "The bookmark has no HREF.");
            }

            if (ParseAddDate(Attribute(attributes, "ADD_DATE")) is not { } at)
            {
                return new FailedRecord(line, entry, "The bookmark has no ADD_DATE (Unix seconds); its time is what an import keeps.");
            }

            if (ImportTime.Problem(at, context.Now, "ADD_DATE") is { } problem)
            {
                return new FailedRecord(line, entry, problem);
            }

            var (tags, sourceTags) = ForeignTags.Split(Attribute(attributes, "TAGS") ?? "");
            var metadata = JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["import_format"] = "bookmarks",
                ["folder"] = folders.Count == 0 ? null : string.Join(" / ", folders),
                ["source_tags"] = sourceTags.Count == 0 ? null : sourceTags,
            });
            return new CaptureRecord(line, entry, ImportIds.Hashed("bookmark", url), at, title.Length == 0 ? url : title, Description ?? "", "bookmark", url, tags, metadata);
        }
    }
}
