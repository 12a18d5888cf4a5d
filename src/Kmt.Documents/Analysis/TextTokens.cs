using System.Globalization;

namespace Kmt.Documents.Analysis;

/// <summary>A word of the analysed text: where it is and what it looks like.</summary>
internal readonly record struct Token(int Start, int Length, string Text, bool IsCjk)
{
    public int End => Start + Length;

    public bool IsCapitalized => Text.Length > 0 && char.IsUpper(Text[0]);

    public bool IsAllCaps
    {
        get
        {
            var letters = 0;
            foreach (var c in Text)
            {
                if (char.IsLetter(c))
                {
                    if (!char.IsUpper(c))
                    {
                        return false;
                    }

                    letters++;
                }
            }

            return letters > 0;
        }
    }

    public bool IsNumeric
    {
        get
        {
            foreach (var c in Text)
            {
                if (char.IsLetter(c))
                {
                    return false;
                }
            }

            return true;
        }
    }
}

/// <summary>A sentence: its span in the analysed text and the indexes of its tokens.</summary>
internal readonly record struct Sentence(int Start, int End, int FirstToken, int TokenCount);

internal static class TextTokens
{
    /// <summary>Han, Hiragana, Katakana (and Hangul syllables): written without spaces, so one character is one token.</summary>
    public static bool IsCjk(char c) =>
        c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF' or >= '\u3040' and <= '\u30FF'
            or >= '\uF900' and <= '\uFAFF' or >= '\u31F0' and <= '\u31FF';

    private static bool IsWordChar(char c)
    {
        if (char.IsLetterOrDigit(c))
        {
            return true;
        }

        var category = char.GetUnicodeCategory(c);
        return category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;
    }

    /// <summary>
    /// Words: letters, digits and combining marks, with inner apostrophes, hyphens and dots
    /// ("don't", "Jean-Paul", "U.S", "3.14"). A possessive "'s" is cut off; CJK characters are single tokens.
    /// </summary>
    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>(text.Length / 5);
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (IsCjk(c))
            {
                tokens.Add(new Token(i, 1, text.Substring(i, 1), true));
                i++;
                continue;
            }

            if (char.IsHighSurrogate(c) || !IsWordChar(c))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length)
            {
                var ch = text[i];
                if (IsCjk(ch))
                {
                    break;
                }

                if (IsWordChar(ch))
                {
                    i++;
                    continue;
                }

                // Inner joiners: only between two word characters.
                if (ch is '\'' or '\u2019' or '-' or '\u2010' or '.' && i + 1 < text.Length && IsWordChar(text[i + 1]) && !IsCjk(text[i + 1]))
                {
                    i++;
                    continue;
                }

                break;
            }

            var length = i - start;
            var word = text.Substring(start, length);
            // Possessive 's / ’s.
            if (word.Length > 2 && (word.EndsWith("'s", StringComparison.Ordinal) || word.EndsWith("\u2019s", StringComparison.Ordinal)))
            {
                word = word[..^2];
                length -= 2;
            }

            // French/Italian elision: l'université, d'Arc, dell'arte.
            var apostrophe = word.IndexOfAny(['\'', '\u2019']);
            if (apostrophe is > 0 and <= 4 && apostrophe < word.Length - 1 && char.IsLower(word[0]) && word[..apostrophe] is "l" or "d" or "j" or "n" or "s" or "c" or "m" or "t" or "qu" or "dell" or "nell" or "all" or "sull" or "un")
            {
                start += apostrophe + 1;
                word = word[(apostrophe + 1)..];
                length = word.Length;
            }

            tokens.Add(new Token(start, length, word, false));
        }

        return tokens;
    }

    private static bool IsTerminal(char c) => c is '.' or '!' or '?' or '\u2026' or '\u3002' or '\uFF01' or '\uFF1F' or '\uFF0E';

    private static bool IsFullWidthTerminal(char c) => c is '\u3002' or '\uFF01' or '\uFF1F';

    /// <summary>
    /// Sentences end at . ! ? … 。！？ followed by whitespace or the end (full-width marks need no space),
    /// optionally after closing quotes/brackets, but not after a known abbreviation ("Dr.", "e.g.", "U.S."),
    /// a single capital initial ("J. Smith") or inside a number ("3.14"). Paragraph breaks always end one.
    /// </summary>
    public static List<Sentence> SplitSentences(string text, List<Token> tokens)
    {
        var boundaries = new List<int>(); // exclusive ends
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\n' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                boundaries.Add(i);
                i += 2;
                continue;
            }

            if (!IsTerminal(c))
            {
                i++;
                continue;
            }

            var end = i + 1;
            while (end < text.Length && IsTerminal(text[end]))
            {
                end++;
            }

            while (end < text.Length && text[end] is '"' or '\'' or ')' or ']' or '\u201D' or '\u2019' or '\u00BB' or '\u300D' or '\u300F')
            {
                end++;
            }

            var atBreak = end >= text.Length || char.IsWhiteSpace(text[end]) || IsFullWidthTerminal(c);
            if (atBreak && (c != '.' || !IsAbbreviationBefore(text, i)))
            {
                boundaries.Add(end);
            }

            i = end;
        }

        boundaries.Add(text.Length);

        var sentences = new List<Sentence>();
        var start = 0;
        var tokenIndex = 0;
        foreach (var boundary in boundaries)
        {
            if (boundary <= start)
            {
                continue;
            }

            var s = start;
            var e = boundary;
            while (s < e && char.IsWhiteSpace(text[s]))
            {
                s++;
            }

            while (e > s && char.IsWhiteSpace(text[e - 1]))
            {
                e--;
            }

            start = boundary;
            if (e <= s)
            {
                continue;
            }

            while (tokenIndex < tokens.Count && tokens[tokenIndex].Start < s)
            {
                tokenIndex++;
            }

            var first = tokenIndex;
            while (tokenIndex < tokens.Count && tokens[tokenIndex].Start < e)
            {
                tokenIndex++;
            }

            sentences.Add(new Sentence(s, e, first, tokenIndex - first));
        }

        return sentences;
    }

    private static bool IsAbbreviationBefore(string text, int dot)
    {
        var start = dot;
        while (start > 0 && !char.IsWhiteSpace(text[start - 1]) && text[start - 1] is not ('(' or '"' or '\u201C' or '['))
        {
            start--;
        }

        if (start == dot)
        {
            return false;
        }

        var word = text.AsSpan(start, dot - start);
        // "J." an initial; "3." a numbered item in a list is still a sentence end, so only letters count.
        if (word.Length == 1 && char.IsUpper(word[0]))
        {
            return true;
        }

        Span<char> lower = stackalloc char[Math.Min(word.Length, 16)];
        if (word.Length > 16)
        {
            return false;
        }

        word.ToLowerInvariant(lower);
        return Lexicon.Abbreviations.Contains(lower.ToString());
    }
}
