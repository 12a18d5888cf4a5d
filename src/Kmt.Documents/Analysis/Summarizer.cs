namespace Kmt.Documents.Analysis;

/// <summary>
/// Extractive summary by TF-IDF centroid: every sentence is a bag of content terms (lowercased
/// non-stopwords; for Chinese/Japanese, character bigrams) weighted by inverse sentence frequency;
/// the centroid keeps the document's strongest terms; sentences are scored by cosine similarity to it,
/// near-duplicates of an already chosen sentence are skipped, and the chosen ones are returned in
/// document order. Very short (under 6 words) and very long (over 60 words) sentences are only used
/// when nothing else is available. Limits: it cannot paraphrase or resolve pronouns, and favours
/// sentences dense in the document's frequent vocabulary.
/// </summary>
internal static class Summarizer
{
    private const int MinWords = 6;
    private const int MaxWords = 60;
    private const int CentroidTerms = 30;

    public static IReadOnlyList<string> Summarize(string text, List<Token> tokens, List<Sentence> sentences, HashSet<string> stopwords, int count)
    {
        if (count == 0 || sentences.Count == 0)
        {
            return [];
        }

        var bags = new List<Dictionary<string, int>>(sentences.Count);
        var documentFrequency = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var sentence in sentences)
        {
            var bag = Terms(tokens, sentence, stopwords);
            bags.Add(bag);
            foreach (var term in bag.Keys)
            {
                documentFrequency[term] = documentFrequency.GetValueOrDefault(term) + 1;
            }
        }

        var n = sentences.Count;
        double Idf(string term) => Math.Log((n + 1.0) / (documentFrequency[term] + 0.5));

        var centroid = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var bag in bags)
        {
            foreach (var (term, tf) in bag)
            {
                centroid[term] = centroid.GetValueOrDefault(term) + tf * Idf(term);
            }
        }

        var top = centroid.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(CentroidTerms).ToList();
        var centroidNorm = Math.Sqrt(top.Sum(kv => kv.Value * kv.Value));
        var centroidTop = top.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);

        var candidates = new List<(int Index, double Score)>();
        for (var i = 0; i < n; i++)
        {
            if (!Eligible(text, sentences[i]))
            {
                continue;
            }

            candidates.Add((i, Score(bags[i], centroidTop, centroidNorm, Idf)));
        }

        if (candidates.Count == 0)
        {
            for (var i = 0; i < n; i++)
            {
                candidates.Add((i, Score(bags[i], centroidTop, centroidNorm, Idf)));
            }
        }

        var chosen = new List<int>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (index, _) in candidates.OrderByDescending(c => c.Score).ThenBy(c => c.Index))
        {
            if (chosen.Count >= count)
            {
                break;
            }

            var sentenceText = Clean(text, sentences[index]);
            if (sentenceText.Length == 0 || !seen.Add(sentenceText))
            {
                continue;
            }

            if (chosen.Any(c => Overlap(bags[c], bags[index]) > 0.7))
            {
                continue;
            }

            chosen.Add(index);
        }

        chosen.Sort();
        return chosen.Select(i => Clean(text, sentences[i])).ToList();
    }

    private static bool Eligible(string text, Sentence sentence)
    {
        var length = sentence.End - sentence.Start;
        var cjk = 0;
        for (var i = sentence.Start; i < sentence.End && i < sentence.Start + 64; i++)
        {
            if (TextTokens.IsCjk(text[i]))
            {
                cjk++;
            }
        }

        if (cjk > 8)
        {
            return length is >= 10 and <= 250;
        }

        return sentence.TokenCount is >= MinWords and <= MaxWords && length <= 600;
    }

    /// <summary>Sentence text on one line (PDF line wraps inside a sentence become spaces).</summary>
    private static string Clean(string text, Sentence sentence) =>
        string.Join(' ', text[sentence.Start..sentence.End].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static Dictionary<string, int> Terms(List<Token> tokens, Sentence sentence, HashSet<string> stopwords)
    {
        var bag = new Dictionary<string, int>(StringComparer.Ordinal);
        var end = sentence.FirstToken + sentence.TokenCount;
        for (var t = sentence.FirstToken; t < end; t++)
        {
            var token = tokens[t];
            if (token.IsCjk)
            {
                if (t + 1 < end && tokens[t + 1].IsCjk && tokens[t + 1].Start == token.End)
                {
                    var bigram = token.Text + tokens[t + 1].Text;
                    bag[bigram] = bag.GetValueOrDefault(bigram) + 1;
                }

                continue;
            }

            if (token.IsNumeric || token.Length < 2)
            {
                continue;
            }

            var lower = token.Text.ToLowerInvariant();
            if (stopwords.Contains(lower))
            {
                continue;
            }

            bag[lower] = bag.GetValueOrDefault(lower) + 1;
        }

        return bag;
    }

    private static double Score(Dictionary<string, int> bag, Dictionary<string, double> centroid, double centroidNorm, Func<string, double> idf)
    {
        if (bag.Count == 0 || centroidNorm == 0)
        {
            return 0;
        }

        double dot = 0, norm = 0;
        foreach (var (term, tf) in bag)
        {
            var weight = tf * idf(term);
            norm += weight * weight;
            if (centroid.TryGetValue(term, out var c))
            {
                dot += weight * c;
            }
        }

        return norm == 0 ? 0 : dot / (Math.Sqrt(norm) * centroidNorm);
    }

    private static double Overlap(Dictionary<string, int> a, Dictionary<string, int> b)
    {
        if (a.Count == 0 || b.Count == 0)
        {
            return 0;
        }

        var shared = a.Keys.Count(b.ContainsKey);
        return (double)shared / Math.Min(a.Count, b.Count);
    }
}
