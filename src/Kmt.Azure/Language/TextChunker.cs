using Kmt.Core.Common;

namespace Kmt.Azure.Language;

/// <summary>A piece of the analysed text and where it starts in it.</summary>
internal sealed record TextChunk(int Index, int Start, string Text);

internal static class TextChunker
{
    /// <summary>
    /// Splits text into consecutive pieces of at most <paramref name="maxChars"/> UTF-16 code units
    /// (the service counts text elements, never more than code units, so the limit holds), cutting
    /// after a sentence end, else at whitespace, in the second half of the window, and never inside a
    /// surrogate pair. Pieces are contiguous, so offsets map back by adding <see cref="TextChunk.Start"/>.
    /// Whitespace-only pieces are dropped (the service rejects empty documents).
    /// </summary>
    public static IReadOnlyList<TextChunk> Split(string text, int maxChars)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxChars, 2);
        var chunks = new List<TextChunk>();
        var start = 0;
        while (start < text.Length)
        {
            var end = text.Length - start <= maxChars ? text.Length : FindCut(text, start, start + maxChars);
            if (!string.IsNullOrWhiteSpace(text.AsSpan(start, end - start).ToString()))
            {
                chunks.Add(new TextChunk(chunks.Count, start, text[start..end]));
            }

            start = end;
        }

        return chunks;
    }

    private static int FindCut(string text, int start, int limit)
    {
        var floor = start + ((limit - start) / 2);
        for (var i = limit - 1; i > floor; i--)
        {
            if (text[i] == '\n' || (char.IsWhiteSpace(text[i]) && text[i - 1] is '.' or '!' or '?' or ';' or ':'))
            {
                return i + 1;
            }
        }

        for (var i = limit - 1; i > floor; i--)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                return i + 1;
            }
        }

        return TextCut.SafeLength(text, limit);
    }
}
