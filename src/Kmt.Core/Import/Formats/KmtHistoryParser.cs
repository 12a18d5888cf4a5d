using System.Text;
using System.Text.Json;

namespace Kmt.Core.Import.Formats;

/// <summary>
/// KMT's own history (docs/api.md, "Import"): JSON lines, one event a line, UTC "at". Blank lines are
/// ignored; every other line becomes one record or one failure naming the line and the reason.
/// </summary>
public static class KmtHistoryParser
{
    public static IEnumerable<ImportRecord> Parse(Stream content, ImportParseContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var text = new StreamReader(content, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        var lines = new BoundedLineReader(text, context.Options.MaxLineCharacters);
        while (lines.TryRead(out var line))
        {
            if (line is null)
            {
                yield return new FailedRecord(lines.LineNumber, null, $"The line is longer than {context.Options.MaxLineCharacters} characters.");
                continue;
            }

            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            yield return ParseLine(lines.LineNumber, line, context);
        }
    }

    public static ImportRecord ParseLine(int lineNumber, string line, ImportParseContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
            return new FailedRecord(lineNumber, null, "The line is not valid JSON: " + ex.Message.Split(" Path:")[0]);
        }

        using (document)
        {
            var fields = new Fields(lineNumber, document.RootElement, context);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return new FailedRecord(lineNumber, null, "Each line must be a JSON object.");
            }

            var type = fields.String("type", required: true);
            var at = fields.Time("at");
            ImportRecord? record = type switch
            {
                "capture" => Capture(fields, at),
                "read" => Read(fields, at),
                "search" => fields.String("query", required: true) is { } query && at is { } when ? new SearchRecord(lineNumber, null, when, query) : null,
                null => null,
                _ => fields.Fail("type must be capture, read or search."),
            };

            return fields.Problem is { } problem ? new FailedRecord(lineNumber, null, problem) : record!;
        }
    }

    private static CaptureRecord? Capture(Fields f, DateTimeOffset? at)
    {
        var sourceId = f.SourceId();
        var title = f.String("title", required: true);
        var content = f.String("content", required: true, allowEmpty: true);
        var contentType = f.String("content_type", required: false);
        var sourceUrl = f.String("source_url", required: false);
        var tags = f.Strings("tags");
        return f.Problem is null ? new CaptureRecord(f.Line, null, sourceId!, at!.Value, title!, content!, contentType, sourceUrl, tags) : null;
    }

    private static ReadRecord? Read(Fields f, DateTimeOffset? at)
    {
        var sourceId = f.SourceId();
        var duration = f.Number("duration_seconds", 0, 7 * 24 * 3600, integer: true);
        var completion = f.Number("completion_percentage", 0, 100, integer: false);
        return f.Problem is null ? new ReadRecord(f.Line, null, sourceId!, at!.Value, (int)duration!.Value, completion!.Value) : null;
    }

    /// <summary>Reads fields of one line; the first problem wins and is the line's reason.</summary>
    private sealed class Fields(int line, JsonElement root, ImportParseContext context)
    {
        public int Line => line;

        public string? Problem { get; private set; }

        public ImportRecord? Fail(string reason)
        {
            Problem ??= reason;
            return null;
        }

        public string? String(string name, bool required, bool allowEmpty = false)
        {
            if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return required ? Missing(name) : null;
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                Fail($"{name} must be a string.");
                return null;
            }

            var text = value.GetString()!;
            if (required && !allowEmpty && string.IsNullOrWhiteSpace(text))
            {
                return Missing(name);
            }

            return text;
        }

        public string? SourceId()
        {
            var id = String("source_id", required: true)?.Trim();
            if (id is { Length: > 0 } && id.Length > context.Options.SourceIdMaxLength)
            {
                Fail($"source_id must be at most {context.Options.SourceIdMaxLength} characters.");
            }

            return id;
        }

        public DateTimeOffset? Time(string name)
        {
            var text = String(name, required: true);
            if (text is null)
            {
                return null;
            }

            if (ImportTime.ParseIso(text) is not { } at)
            {
                Fail($"{name} must be an ISO-8601 UTC time, e.g. 2024-01-15T10:30:00Z.");
                return null;
            }

            if (ImportTime.Problem(at, context.Now, name) is { } problem)
            {
                Fail(problem);
                return null;
            }

            return at;
        }

        public double? Number(string name, double min, double max, bool integer)
        {
            if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                Missing(name);
                return null;
            }

            if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || (integer && number != Math.Floor(number)))
            {
                Fail($"{name} must be {(integer ? "a whole number" : "a number")}.");
                return null;
            }

            if (number < min || number > max)
            {
                Fail($"{name} must be between {min} and {max}.");
                return null;
            }

            return number;
        }

        public IReadOnlyList<string> Strings(string name)
        {
            if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return [];
            }

            if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
            {
                Fail($"{name} must be an array of strings.");
                return [];
            }

            return value.EnumerateArray().Select(v => v.GetString()!).ToList();
        }

        private string? Missing(string name)
        {
            Fail($"{name} is required.");
            return null;
        }
    }
}
