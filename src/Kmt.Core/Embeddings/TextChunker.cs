using Kmt.Core.Common;
using Kmt.Core.Uploads;
using Microsoft.Extensions.Options;

namespace Kmt.Core.Embeddings;

/// <summary>One piece of a text to embed: its position in the text and the text itself.</summary>
/// <param name="Start">Character offset of <paramref name="Text"/> in the whole text.</param>
public sealed record TextChunk(int Index, int Start, int Length, string Text);

/// <summary>
/// Splits a text into chunks of about <see cref="UploadOptions.ChunkCharacters"/> characters that
/// overlap by about <see cref="UploadOptions.ChunkOverlapCharacters"/>, cutting at a paragraph break
/// if one falls in the second half of the window, else at a sentence end, else between words, and
/// only as a last resort inside a word. At most <see cref="UploadOptions.MaxChunksPerDocument"/> chunks.
/// </summary>
public sealed class TextChunker
{
    private readonly int _size;
    private readonly int _overlap;
    private readonly int _maxChunks;

    public TextChunker(IOptions<UploadOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        _size = Math.Max(50, value.ChunkCharacters);
        _overlap = Math.Clamp(value.ChunkOverlapCharacters, 0, _size / 2);
        _maxChunks = Math.Max(1, value.MaxChunksPerDocument);
    }

    public IReadOnlyList<TextChunk> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var chunks = new List<TextChunk>();
        var position = SkipWhitespace(text, 0);
        while (position < text.Length && chunks.Count < _maxChunks)
        {
            var end = position + _size >= text.Length ? text.Length : FindCut(text, position, position + _size);
            var length = TrimEnd(text, position, end) - position;
            if (length > 0)
            {
                chunks.Add(new TextChunk(chunks.Count, position, length, text.Substring(position, length)));
            }

            if (end >= text.Length)
            {
                break;
            }

            // The next chunk starts a little before this one ended, at the start of a word.
            var next = end - _overlap;
            if (next > position && _overlap > 0)
            {
                var wordStart = next;
                while (wordStart < end && !char.IsWhiteSpace(text[wordStart - 1]))
                {
                    wordStart++;
                }

                next = wordStart;
            }

            position = SkipWhitespace(text, Math.Max(next, position + 1));
        }

        return chunks;
    }

    /// <summary>The end (exclusive) of the chunk starting at <paramref name="start"/>, at most <paramref name="limit"/>.</summary>
    private static int FindCut(string text, int start, int limit)
    {
        var earliest = start + ((limit - start) / 2);

        // A paragraph break: a blank line.
        for (var i = limit - 1; i > earliest; i--)
        {
            if (text[i] == '\n' && IsBlankLineBefore(text, i, earliest))
            {
                return i + 1;
            }
        }

        // A sentence end followed by whitespace, or a line break.
        for (var i = limit - 1; i > earliest; i--)
        {
            if (text[i] == '\n' || (char.IsWhiteSpace(text[i]) && text[i - 1] is '.' or '!' or '?' or '…' or '。' or ':' or ';'))
            {
                return i + 1;
            }
        }

        // Between words.
        for (var i = limit - 1; i > earliest; i--)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                return i + 1;
            }
        }

        // Inside a word; never between the halves of a surrogate pair.
        return TextCut.SafeLength(text, limit);
    }

    private static bool IsBlankLineBefore(string text, int newline, int earliest)
    {
        for (var j = newline - 1; j >= earliest; j--)
        {
            if (text[j] == '\n')
            {
                return true;
            }

            if (!char.IsWhiteSpace(text[j]))
            {
                return false;
            }
        }

        return false;
    }

    private static int SkipWhitespace(string text, int position)
    {
        while (position < text.Length && char.IsWhiteSpace(text[position]))
        {
            position++;
        }

        return position;
    }

    private static int TrimEnd(string text, int start, int end)
    {
        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        return end;
    }
}
