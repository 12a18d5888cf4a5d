using Kmt.Core.TextAnalysis;

namespace Kmt.Documents.Analysis;

/// <summary>
/// RAKE-like key phrases: the text is cut into runs of content words at stopwords, punctuation and
/// line breaks; every 1-3 word n-gram inside a run is a candidate. Word scores follow RAKE
/// (degree/frequency); a phrase scores by its count, its length and its words' RAKE scores. Phrases are
/// lowercased; a shorter phrase mostly seen inside a longer chosen phrase is dropped in its favour.
/// Scores are normalised to 0..1. Limits: no part-of-speech tagging (adjective/verb runs can appear),
/// no stemming ("model"/"models" are different phrases), and Chinese/Japanese text (no spaces) yields
/// no phrases.
/// </summary>
internal static class KeyPhraseExtractor
{
    private const int MaxWordsPerPhrase = 3;

    public static IReadOnlyList<KeyPhrase> Extract(string text, List<Token> tokens, HashSet<string> stopwords, int max)
    {
        if (max == 0 || tokens.Count == 0)
        {
            return [];
        }

        // 1. Runs of content words.
        var runs = new List<List<string>>();
        List<string>? run = null;
        Token? previous = null;
        foreach (var token in tokens)
        {
            var lower = token.Text.ToLowerInvariant();
            var content = !token.IsCjk && !token.IsNumeric && lower.Length >= 2 && !stopwords.Contains(lower);
            var adjacent = previous is { } p && IsPlainGap(text, p.End, token.Start);
            if (!content || !adjacent)
            {
                if (run is { Count: > 0 })
                {
                    runs.Add(run);
                }

                run = null;
            }

            if (content)
            {
                run ??= [];
                run.Add(lower);
            }

            previous = token;
        }

        if (run is { Count: > 0 })
        {
            runs.Add(run);
        }

        // 2. RAKE word scores and candidate counts.
        var frequency = new Dictionary<string, int>(StringComparer.Ordinal);
        var degree = new Dictionary<string, int>(StringComparer.Ordinal);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var totalWords = 0;
        foreach (var words in runs)
        {
            totalWords += words.Count;
            foreach (var word in words)
            {
                frequency[word] = frequency.GetValueOrDefault(word) + 1;
                degree[word] = degree.GetValueOrDefault(word) + Math.Min(words.Count, MaxWordsPerPhrase) - 1;
            }

            for (var i = 0; i < words.Count; i++)
            {
                for (var n = 1; n <= MaxWordsPerPhrase && i + n <= words.Count; n++)
                {
                    var phrase = n == 1 ? words[i] : string.Join(' ', words.GetRange(i, n));
                    counts[phrase] = counts.GetValueOrDefault(phrase) + 1;
                }
            }
        }

        if (counts.Count == 0)
        {
            return [];
        }

        // Repetition is the signal in longer texts; in a short note everything occurs once.
        var minCount = totalWords >= 150 ? 2 : 1;

        double WordScore(string w) => (degree[w] + frequency[w]) / (double)frequency[w];

        var scored = new List<(string Phrase, int Words, int Count, double Score)>();
        foreach (var (phrase, count) in counts)
        {
            var words = phrase.Split(' ');
            if (count < minCount && words.Length == 1)
            {
                continue;
            }

            var rake = words.Sum(WordScore) / words.Length;
            var lengthBonus = words.Length switch { 1 => 1.0, 2 => 1.8, _ => 2.3 };
            scored.Add((phrase, words.Length, count, count * lengthBonus * (1 + 0.1 * rake)));
        }

        // 3. Prefer the longer phrase when the shorter one mostly occurs inside it.
        var subsumed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (phrase, words, count, _) in scored)
        {
            if (words < 2 || count < minCount)
            {
                continue;
            }

            var parts = phrase.Split(' ');
            for (var i = 0; i < parts.Length; i++)
            {
                for (var n = 1; n < parts.Length && i + n <= parts.Length; n++)
                {
                    var inner = string.Join(' ', parts, i, n);
                    if (counts.TryGetValue(inner, out var innerCount) && count >= 0.6 * innerCount)
                    {
                        subsumed.Add(inner);
                    }
                }
            }
        }

        var ranked = scored
            .Where(s => !subsumed.Contains(s.Phrase) && (s.Count >= minCount || scored.Count < max * 2))
            .OrderByDescending(s => s.Score)
            .ThenByDescending(s => s.Words)
            .ThenBy(s => s.Phrase, StringComparer.Ordinal)
            .Take(max)
            .ToList();

        if (ranked.Count == 0)
        {
            return [];
        }

        var best = ranked[0].Score;
        return ranked.Select(s => new KeyPhrase(s.Phrase, s.Count, Math.Round(s.Score / best, 4))).ToList();
    }

    /// <summary>Only spaces (no punctuation, no line break) between two words keep them in one run.</summary>
    private static bool IsPlainGap(string text, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            var c = text[i];
            if (c is ' ' or '\u00A0' or '\t')
            {
                continue;
            }

            return false;
        }

        return true;
    }
}
