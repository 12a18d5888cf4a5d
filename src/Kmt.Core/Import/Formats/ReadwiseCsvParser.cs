using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Kmt.Core.Import.Formats;

/// <summary>
/// Readwise's CSV export: a header row (Highlight, Book Title, Book Author, Amazon Book ID, Note,
/// Color, Tags, Location Type, Location, Highlighted at, Document tags), then one highlight a row.
/// Each highlight becomes a note titled with its book; its time is "Highlighted at". Readwise gives
/// highlights no id, so the source id is a hash of book, location and text.
/// </summary>
public static class ReadwiseCsvParser
{
    private static readonly string[] TimeFormats =
    [
        "yyyy-MM-dd HH:mm:sszzz", "yyyy-MM-dd HH:mm:ss.FFFFFFzzz", "yyyy-MM-ddTHH:mm:sszzz", "yyyy-MM-ddTHH:mm:ss.FFFFFFzzz",
        "yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm:ssZ", "yyyy-MM-ddTHH:mm:ss.FFFFFFZ",
    ];

    public static IEnumerable<ImportRecord> Parse(Stream content, ImportParseContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var text = new StreamReader(content, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        var csv = new CsvRecordReader(text, context.Options.MaxLineCharacters);
        if (!csv.TryRead(out var headerLine, out var header) || header is null)
        {
            throw new ImportFileException("The file has no header row; a Readwise export starts with Highlight,Book Title,...");
        }

        var columns = header.Select((name, i) => (Name: name.Trim(), Index: i)).GroupBy(c => c.Name, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First().Index, StringComparer.OrdinalIgnoreCase);
        if (!columns.ContainsKey("Highlight") || !columns.ContainsKey("Book Title") || !columns.ContainsKey("Highlighted at"))
        {
            throw new ImportFileException($"Line {headerLine}: the header must name Highlight, Book Title and Highlighted at (a Readwise CSV export).");
        }

        while (csv.TryRead(out var line, out var fields))
        {
            if (fields is null)
            {
                yield return new FailedRecord(line, null, $"The row is longer than {context.Options.MaxLineCharacters} characters.");
                continue;
            }

            if (fields.Count == 1 && string.IsNullOrWhiteSpace(fields[0]))
            {
                continue;
            }

            yield return Row(line, fields, columns, context);
        }
    }

    private static ImportRecord Row(int line, IReadOnlyList<string> fields, Dictionary<string, int> columns, ImportParseContext context)
    {
        string Get(string name) => columns.TryGetValue(name, out var i) && i < fields.Count ? fields[i].Trim() : "";

        var highlight = Get("Highlight");
        var book = Get("Book Title");
        if (highlight.Length == 0)
        {
            return new FailedRecord(line, null, "Highlight is empty.");
        }

        if (book.Length == 0)
        {
            return new FailedRecord(line, null, "Book Title is empty.");
        }

        var rawTime = Get("Highlighted at");
        if (!DateTimeOffset.TryParseExact(rawTime, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            return new FailedRecord(line, null, rawTime.Length == 0
                ? "Highlighted at is empty: the highlight's time is what an import keeps, so it is not imported without one."
                : $"Highlighted at \"{rawTime}\" is not a date-time like 2021-03-15 18:22:11+00:00.");
        }

        at = at.ToUniversalTime();
        if (ImportTime.Problem(at, context.Now, "Highlighted at") is { } problem)
        {
            return new FailedRecord(line, null, problem);
        }

        var note = Get("Note");
        var location = Get("Location");
        var (tags, sourceTags) = ForeignTags.Split(Get("Tags") + "," + Get("Document tags"));
        var metadata = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["import_format"] = "readwise",
            ["author"] = NullIfEmpty(Get("Book Author")),
            ["location"] = NullIfEmpty(location),
            ["location_type"] = NullIfEmpty(Get("Location Type")),
            ["color"] = NullIfEmpty(Get("Color")),
            ["amazon_book_id"] = NullIfEmpty(Get("Amazon Book ID")),
            ["source_tags"] = sourceTags.Count == 0 ? null : sourceTags,
        });
        var content = note.Length == 0 ? highlight : highlight + "\n\nNote: " + note;
        return new CaptureRecord(line, null, ImportIds.Hashed("readwise", book, location, highlight), at, book, content, "note", null, tags, metadata);
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
