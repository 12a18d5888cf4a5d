using System.Text;

namespace Kmt.Core.Knowledge;

/// <summary>
/// Turns whatever a user typed into a <see cref="ParsedSearchQuery"/>. It never fails: operators it
/// does not know are just punctuation, and punctuation only separates words, so no input can become
/// a syntax error (or an injection) in a store's query language.
/// </summary>
/// <remarks>
/// Syntax:
/// <list type="bullet">
/// <item>words are ANDed; a word with punctuation inside ("e-mail", "c++") becomes the phrase of its parts;
/// terms are letters and digits (plus combining marks attached to a letter), lower-cased;</item>
/// <item>"quoted text" is a phrase; an unbalanced quote is ignored and the rest read as plain words;</item>
/// <item>word* is a prefix search when at least 2 letters or digits precede the * (otherwise a plain word);</item>
/// <item>-word, -"a phrase" and NOT word exclude matches;</item>
/// <item>a OR b (upper-case OR) groups clauses; AND is accepted and ignored (it is the default).</item>
/// </list>
/// OR groups hold only positive clauses: "a OR -b" is read as "a AND NOT b", because "match a, or
/// anything without b" is rarely what anyone means and full-text engines cannot run it efficiently.
/// At most <see cref="MaxClauses"/> clauses and <see cref="MaxTermsPerClause"/> terms per clause are kept.
/// </remarks>
public static class SearchQueryParser
{
    public const int MaxClauses = 32;
    public const int MaxTermsPerClause = 32;
    public const int MinPrefixLength = 2;

    public static ParsedSearchQuery Parse(string? input)
    {
        var clauses = new List<SearchClause>();
        if (string.IsNullOrWhiteSpace(input))
        {
            return new ParsedSearchQuery(clauses);
        }

        var pendingOr = false;
        var pendingNot = false;
        foreach (var token in Tokenize(Compose(input)))
        {
            if (clauses.Count == MaxClauses)
            {
                break;
            }

            if (!token.Quoted && !token.Negated)
            {
                switch (token.Text)
                {
                    case "OR":
                        pendingOr = clauses.Count > 0;
                        continue;
                    case "AND":
                        continue;
                    case "NOT":
                        pendingNot = true;
                        continue;
                }
            }

            var clause = ToClause(token, pendingNot);
            if (clause is null)
            {
                // Nothing searchable (e.g. "^" or "*"): pending OR/NOT carry over to the next real clause.
                continue;
            }

            var orWithPrevious = pendingOr && !clause.Negated && !clauses[^1].Negated;
            clauses.Add(clause with { OrWithPrevious = orWithPrevious });
            pendingOr = false;
            pendingNot = false;
        }

        return new ParsedSearchQuery(clauses);
    }

    private static SearchClause? ToClause(RawToken token, bool pendingNot)
    {
        var text = token.Text;
        var wantsPrefix = false;
        if (!token.Quoted && text.EndsWith('*'))
        {
            text = text.TrimEnd('*');
            wantsPrefix = true;
        }

        var terms = Terms(text);
        if (terms.Count == 0)
        {
            return null;
        }

        var negated = token.Negated || pendingNot;
        var isPrefix = wantsPrefix && terms.Count == 1 && terms[0].Length >= MinPrefixLength;
        return new SearchClause(terms, IsPhrase: terms.Count > 1, IsPrefix: isPrefix, Negated: negated, OrWithPrevious: false, Quoted: token.Quoted);
    }

    /// <summary>
    /// Runs of letters and digits (whole Unicode scalars, so letters outside the BMP survive), lower-cased.
    /// A combining mark right after a letter stays with it: with invariant globalization string.Normalize
    /// cannot compose "e" + U+0301 into "é", and splitting there would cut "café" into "cafe".
    /// </summary>
    private static List<string> Terms(string text)
    {
        var terms = new List<string>();
        var current = new StringBuilder();
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune) || (current.Length > 0 && IsCombiningMark(rune)))
            {
                current.Append(Rune.ToLowerInvariant(rune).ToString());
                continue;
            }

            Flush();
        }

        Flush();
        return terms;

        void Flush()
        {
            if (current.Length > 0 && terms.Count < MaxTermsPerClause)
            {
                terms.Add(current.ToString());
            }

            current.Clear();
        }
    }

    /// <summary>
    /// Splits into whitespace-separated words and "quoted" phrases. A quote also ends a word, so
    /// foo"bar baz" is the word foo and the phrase "bar baz".
    /// </summary>
    private static IEnumerable<RawToken> Tokenize(string input)
    {
        var i = 0;
        while (i < input.Length)
        {
            if (char.IsWhiteSpace(input[i]))
            {
                i++;
                continue;
            }

            var negated = false;
            if (input[i] == '-' && i + 1 < input.Length && !char.IsWhiteSpace(input[i + 1]))
            {
                negated = true;
                i++;
            }

            if (input[i] == '"')
            {
                var close = input.IndexOf('"', i + 1);
                if (close < 0)
                {
                    // Unbalanced: drop the quote and read the rest as plain words; a "-" before it
                    // is re-read, so it still negates the word that now follows it.
                    input = input.Remove(i, 1);
                    if (negated)
                    {
                        i--;
                    }

                    continue;
                }

                yield return new RawToken(input[(i + 1)..close], Quoted: true, Negated: negated);
                i = close + 1;
                continue;
            }

            var start = i;
            while (i < input.Length && !char.IsWhiteSpace(input[i]) && input[i] != '"')
            {
                i++;
            }

            yield return new RawToken(input[start..i], Quoted: false, Negated: negated);
        }
    }

    private static bool IsCombiningMark(Rune rune) => Rune.GetUnicodeCategory(rune)
        is System.Globalization.UnicodeCategory.NonSpacingMark
        or System.Globalization.UnicodeCategory.SpacingCombiningMark
        or System.Globalization.UnicodeCategory.EnclosingMark;

    /// <summary>Composed form where the runtime can (not under invariant globalization), so "e" + U+0301 becomes "é".</summary>
    private static string Compose(string input)
    {
        try
        {
            return input.Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            // Ill-formed UTF-16 (a lone surrogate) cannot be normalized; lone surrogates are not letters anyway.
            return input;
        }
    }

    private sealed record RawToken(string Text, bool Quoted, bool Negated);
}
