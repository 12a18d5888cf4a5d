using System.Globalization;

namespace Kmt.Core.Import.Formats;

/// <summary>
/// The YAML front matter of a Markdown note, read as far as notes use it: "key: value" lines, inline
/// lists ([a, b]) and block lists ("- a" lines under a key). Anything else is ignored, not an error.
/// </summary>
public static class FrontMatter
{
    /// <summary>The front matter's keys (lower case) with their raw values, and the body after it.</summary>
    public static (IReadOnlyDictionary<string, string> Values, string Body) Split(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        text ??= "";
        var normalized = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        if (!normalized.StartsWith("---\n", StringComparison.Ordinal))
        {
            return (values, normalized);
        }

        var end = normalized.IndexOf("\n---", 3, StringComparison.Ordinal);
        if (end < 0)
        {
            return (values, normalized);
        }

        string? listKey = null;
        foreach (var line in normalized[4..end].Split('\n'))
        {
            var trimmed = line.Trim();
            if (listKey is not null && trimmed.StartsWith("- ", StringComparison.Ordinal))
            {
                values[listKey] = values[listKey].Length == 0 ? trimmed[2..].Trim() : values[listKey] + "," + trimmed[2..].Trim();
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || char.IsWhiteSpace(line[0]))
            {
                continue;
            }

            var key = line[..colon].Trim();
            var value = Unquote(line[(colon + 1)..].Trim());
            values[key] = value;
            listKey = value.Length == 0 ? key : null;
        }

        var bodyStart = normalized.IndexOf('\n', end + 4);
        return (values, bodyStart < 0 ? "" : normalized[(bodyStart + 1)..]);
    }

    /// <summary>"[a, b]", "a, b" or the joined block list: the items, unquoted.</summary>
    public static IReadOnlyList<string> List(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return [];
        }

        var value = raw.Trim();
        if (value.StartsWith('[') && value.EndsWith(']'))
        {
            value = value[1..^1];
        }

        return value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(Unquote).Where(v => v.Length > 0).ToList();
    }

    /// <summary>An ISO-8601 date (midnight UTC) or date-time (UTC when it names no zone); null otherwise.</summary>
    public static DateTimeOffset? ParseDate(string raw)
    {
        var value = Unquote(raw ?? "").Trim();
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        }

        string[] formats = ["yyyy-MM-ddTHH:mm:ssK", "yyyy-MM-ddTHH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mm:ssK", "yyyy-MM-ddTHH:mmK", "yyyy-MM-dd HH:mmK", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm", "yyyy-MM-dd HH:mm"];
        return DateTimeOffset.TryParseExact(value, formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at) ? at : null;
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && ((value[0] == '"' && value[^1] == '"') || (value[0] == '\'' && value[^1] == '\'')) ? value[1..^1] : value;
}
