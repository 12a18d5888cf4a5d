using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Kmt.Functions.Http;

/// <summary>
/// Finds a JSON string (value or property name) that is not valid Unicode: a lone UTF-16 surrogate
/// written as an escape ("\ud800") or a byte sequence that is not UTF-8. System.Text.Json parses
/// such text, but it cannot be stored or written back faithfully (docs/api.md, "Errors"), so the
/// request is refused where bodies are read, once for every route.
/// </summary>
internal static class JsonUnicode
{
    /// <summary>The field path of the first invalid string ("metadata.source", "events[2].title"), or null when all are valid.</summary>
    public static string? FindInvalidString(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = KmtJson.Options.MaxDepth });
        var frames = new List<Frame>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        frames.Add(new Frame(reader.TokenType == JsonTokenType.StartArray));
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        frames.RemoveAt(frames.Count - 1);
                        ValueEnded(frames);
                        break;
                    case JsonTokenType.PropertyName:
                        if (!IsValid(ref reader, out var name))
                        {
                            return Path(frames, includeLastName: false);
                        }

                        frames[^1].Name = name;
                        break;
                    case JsonTokenType.String:
                        if (!IsValid(ref reader, out _))
                        {
                            return Path(frames, includeLastName: true);
                        }

                        ValueEnded(frames);
                        break;
                    default:
                        ValueEnded(frames);
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // Not this check's business: the deserializer reports malformed JSON with its position.
        }

        return null;
    }

    /// <summary>True when every UTF-16 surrogate in <paramref name="text"/> is part of a pair.</summary>
    public static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (!char.IsSurrogate(text[i]))
            {
                continue;
            }

            if (!char.IsHighSurrogate(text[i]) || i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
            {
                return false;
            }

            i++;
        }

        return true;
    }

    private static bool IsValid(ref Utf8JsonReader reader, out string? value)
    {
        value = null;
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            if (!Utf8.IsValid(reader.ValueSpan))
            {
                return false;
            }

            if (reader.TokenType == JsonTokenType.String)
            {
                return true;
            }
        }

        try
        {
            value = reader.GetString();
        }
        catch (InvalidOperationException)
        {
            return false;
        }

        return value is null || IsWellFormed(value);
    }

    private static void ValueEnded(List<Frame> frames)
    {
        if (frames.Count > 0 && frames[^1].IsArray)
        {
            frames[^1].Index++;
        }
    }

    private static string Path(List<Frame> frames, bool includeLastName)
    {
        var path = new StringBuilder();
        for (var i = 0; i < frames.Count; i++)
        {
            var frame = frames[i];
            if (frame.IsArray)
            {
                path.Append('[').Append(frame.Index).Append(']');
            }
            else if (frame.Name is not null && (includeLastName || i < frames.Count - 1))
            {
                if (path.Length > 0)
                {
                    path.Append('.');
                }

                path.Append(frame.Name);
            }
        }

        return path.Length == 0 ? "body" : path.ToString();
    }

    private sealed class Frame(bool isArray)
    {
        public bool IsArray { get; } = isArray;

        public int Index { get; set; }

        public string? Name { get; set; }
    }
}
