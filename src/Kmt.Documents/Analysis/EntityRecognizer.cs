using Kmt.Core.TextAnalysis;

namespace Kmt.Documents.Analysis;

/// <summary>
/// Named entities by capitalisation and word lists, no model.
/// <para>Candidates: runs of Capitalised words on one line with nothing but spaces between them,
/// optionally joined by lowercase connectors when a capitalised word follows ("University of Paris",
/// "Leonardo da Vinci"), plus ALL-CAPS acronyms of 2-6 letters. A run starting a sentence loses its first
/// word when that word is a stopword or also appears lowercased in the text ("The", "However", "Born").
/// An honorific before a run (Mr, Dr, Prof...) is not part of the name but marks it a person.</para>
/// <para>Categories, first match wins: acronym or organisation cue (suffix Inc/Ltd/GmbH/University/
/// Bank..., or "University/Bank/Ministry of ...") → organization; gazetteer place (~260 countries,
/// continents, US states, major cities) → location; honorific before, or first word in a list of ~250
/// given names → person; last word a place cue (City, River, Lake, Mountain...) → location; a single
/// word equal to the last word of a person found elsewhere ("Curie") → person; anything else →
/// concept (multi-word names, or single words seen at least twice and capitalised mid-sentence at
/// least once).</para>
/// <para>Limits (honest): scripts without capital letters (Chinese, Japanese, Arabic, Hebrew, Thai...)
/// get no entities; German capitalises every noun, so German text yields many "concepts"; names not in
/// the lists with no honorific become concepts; ambiguous names go the gazetteer's way ("Jordan",
/// "Georgia", "Paris" are places); lowercase brands ("iPhone") and titles in Title Case are missed or
/// mis-typed; no coreference beyond the surname rule.</para>
/// </summary>
internal static class EntityRecognizer
{
    private sealed class Candidate
    {
        public required string Text { get; init; }
        public required List<string> Words { get; init; }
        public required int Start { get; init; }
        public bool AfterHonorific { get; init; }
        public bool SentenceInitial { get; init; }
    }

    public static IReadOnlyList<NamedEntity> Recognize(string text, List<Token> tokens, int max)
    {
        if (max == 0 || tokens.Count == 0)
        {
            return [];
        }

        var lowercaseWords = new HashSet<string>(StringComparer.Ordinal);
        foreach (var token in tokens)
        {
            if (!token.IsCjk && token.Text.Length > 0 && char.IsLower(token.Text[0]))
            {
                lowercaseWords.Add(token.Text);
            }
        }

        var candidates = FindCandidates(text, tokens, lowercaseWords);

        // Classify, then aggregate by surface text.
        var persons = new HashSet<string>(StringComparer.Ordinal);
        var classified = new List<(Candidate Candidate, string? Category)>(candidates.Count);
        foreach (var candidate in candidates)
        {
            var category = Classify(candidate);
            if (category == EntityCategories.Person && candidate.Words.Count >= 2)
            {
                persons.Add(candidate.Words[^1]);
            }

            classified.Add((candidate, category));
        }

        var byText = new Dictionary<string, (string Category, List<int> Offsets, bool MultiWord)>(StringComparer.Ordinal);
        var seenMidSentence = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (candidate, assigned) in classified)
        {
            var category = assigned;
            if (category is null && candidate.Words.Count == 1 && persons.Contains(candidate.Text))
            {
                category = EntityCategories.Person;
            }

            category ??= EntityCategories.Concept;
            if (!candidate.SentenceInitial)
            {
                seenMidSentence.Add(candidate.Text);
            }

            if (byText.TryGetValue(candidate.Text, out var existing))
            {
                existing.Offsets.Add(candidate.Start);
                // A specific category from any occurrence beats "concept".
                if (existing.Category == EntityCategories.Concept && category != EntityCategories.Concept)
                {
                    byText[candidate.Text] = (category, existing.Offsets, existing.MultiWord);
                }
            }
            else
            {
                byText[candidate.Text] = (category, [candidate.Start], candidate.Words.Count > 1);
            }
        }

        return byText
            // A single capitalised word is a concept only if it repeats and is capitalised mid-sentence at
            // least once ("Summaries", "Learning" at sentence starts are ordinary words).
            .Where(kv => kv.Value.Category != EntityCategories.Concept || kv.Value.MultiWord
                         || (kv.Value.Offsets.Count >= 2 && seenMidSentence.Contains(kv.Key)))
            .OrderByDescending(kv => kv.Value.Offsets.Count)
            .ThenBy(kv => kv.Value.Category == EntityCategories.Concept ? 1 : 0)
            .ThenBy(kv => kv.Value.Offsets[0])
            .Take(max)
            .Select(kv => new NamedEntity(kv.Key, kv.Value.Category, kv.Value.Offsets.Count, kv.Value.Offsets))
            .ToList();
    }

    private static List<Candidate> FindCandidates(string text, List<Token> tokens, HashSet<string> lowercaseWords)
    {
        var result = new List<Candidate>();
        var i = 0;
        while (i < tokens.Count)
        {
            var token = tokens[i];
            if (token.IsCjk || !token.IsCapitalized || token.IsNumeric)
            {
                i++;
                continue;
            }

            var honorific = Lexicon.Honorifics.Contains(token.Text);
            if (honorific && i + 1 < tokens.Count && tokens[i + 1].IsCapitalized && IsNameGap(text, token.End, tokens[i + 1].Start, allowDot: true))
            {
                // "Dr. Marie Curie": the name starts after the honorific.
                var (end, words) = ExtendRun(text, tokens, i + 1);
                result.Add(Make(text, tokens, i + 1, end, words, afterHonorific: true, sentenceInitial: false));
                i = end + 1;
                continue;
            }

            var (last, runWords) = ExtendRun(text, tokens, i);
            var first = i;
            var sentenceInitial = IsSentenceInitial(text, tokens, i);
            if (sentenceInitial)
            {
                var lower = token.Text.ToLowerInvariant();
                if (Lexicon.AllStopwords.Contains(lower) || lowercaseWords.Contains(lower) || honorific)
                {
                    first = i + 1;
                    runWords--;
                    // Skip connectors the cut left at the front.
                    while (first <= last && !tokens[first].IsCapitalized)
                    {
                        first++;
                        runWords--;
                    }
                }
            }

            if (first <= last && runWords > 0)
            {
                var allCapsRun = true;
                for (var t = first; t <= last; t++)
                {
                    allCapsRun &= tokens[t].IsAllCaps;
                }

                // SHOUTED HEADINGS are not names; a lone acronym is.
                if (!(allCapsRun && last - first >= 2))
                {
                    result.Add(Make(text, tokens, first, last, runWords, afterHonorific: false, sentenceInitial: sentenceInitial && first == i));
                }
            }

            i = last + 1;
        }

        return result;
    }

    private static Candidate Make(string text, List<Token> tokens, int first, int last, int _, bool afterHonorific, bool sentenceInitial)
    {
        var words = new List<string>();
        for (var t = first; t <= last; t++)
        {
            words.Add(tokens[t].Text);
        }

        var start = tokens[first].Start;
        var surface = string.Join(' ', text[start..tokens[last].End].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return new Candidate
        {
            Text = surface,
            Words = words,
            Start = start,
            AfterHonorific = afterHonorific,
            SentenceInitial = sentenceInitial,
        };
    }

    /// <summary>Extends a run of capitalised words from <paramref name="start"/>; returns the last token index and the count of capitalised words.</summary>
    private static (int Last, int Words) ExtendRun(string text, List<Token> tokens, int start)
    {
        var last = start;
        var words = 1;
        var j = start + 1;
        while (j < tokens.Count && words < 6)
        {
            var candidate = tokens[j];
            if (candidate.IsCjk || !IsNameGap(text, tokens[j - 1].End, candidate.Start, allowDot: false))
            {
                break;
            }

            if (Lexicon.Honorifics.Contains(candidate.Text))
            {
                break; // "Yesterday Dr. Okonkwo": the honorific starts the next name
            }

            if (candidate.IsCapitalized && !candidate.IsNumeric)
            {
                last = j;
                words++;
                j++;
                continue;
            }

            // "of", "de", "van der" between capitalised words.
            var k = j;
            while (k < tokens.Count && k - j < 2 && Lexicon.NameConnectors.Contains(tokens[k].Text)
                   && IsNameGap(text, tokens[k - 1].End, tokens[k].Start, allowDot: false))
            {
                k++;
            }

            if (k > j && k < tokens.Count && tokens[k].IsCapitalized && !tokens[k].IsCjk
                && IsNameGap(text, tokens[k - 1].End, tokens[k].Start, allowDot: false))
            {
                last = k;
                words++;
                j = k + 1;
                continue;
            }

            break;
        }

        return (last, words);
    }

    private static bool IsNameGap(string text, int from, int to, bool allowDot)
    {
        if (to - from > 3)
        {
            return false;
        }

        for (var i = from; i < to; i++)
        {
            var c = text[i];
            if (c is ' ' or '\u00A0' || (allowDot && c == '.'))
            {
                continue;
            }

            return false;
        }

        return to > from;
    }

    private static bool IsSentenceInitial(string text, List<Token> tokens, int index)
    {
        if (index == 0)
        {
            return true;
        }

        var previous = tokens[index - 1];
        var gap = text.AsSpan(previous.End, tokens[index].Start - previous.End);
        if (gap.Contains("\n\n", StringComparison.Ordinal))
        {
            return true;
        }

        // Line starts with a bullet.
        var lastNewline = gap.LastIndexOf('\n');
        if (lastNewline >= 0 && gap[(lastNewline + 1)..].TrimStart().IndexOfAny("-*•·–") == 0)
        {
            return true;
        }

        var trimmed = gap.Trim().TrimEnd("\"'“”‘’«»()[]");
        if (trimmed.IsEmpty)
        {
            // Headings and list lines end without punctuation: a line break after a short line counts.
            return lastNewline >= 0 && LineLengthBefore(text, previous.End) < 60;
        }

        var last = trimmed[^1];
        if (last is '.' && Lexicon.Honorifics.Contains(previous.Text))
        {
            return false;
        }

        return last is '.' or '!' or '?' or ':' or ';' or '\u3002' or '\uFF01' or '\uFF1F' or '\u2026' or '•';
    }

    private static int LineLengthBefore(string text, int end)
    {
        var start = text.LastIndexOf('\n', Math.Max(0, end - 1));
        return end - (start + 1);
    }

    private static string? Classify(Candidate candidate)
    {
        var words = candidate.Words;
        var first = words[0];
        var last = words[^1];

        if (words.Count == 1 && IsAcronym(first))
        {
            return Lexicon.Gazetteer.Contains(first) ? EntityCategories.Location : EntityCategories.Organization;
        }

        if (Lexicon.OrganizationSuffixes.Contains(last) || (words.Count >= 2 && Lexicon.OrganizationHeads.Contains(first)))
        {
            return EntityCategories.Organization;
        }

        if (Lexicon.Gazetteer.Contains(candidate.Text))
        {
            return EntityCategories.Location;
        }

        if (candidate.AfterHonorific)
        {
            return EntityCategories.Person;
        }

        if (Lexicon.FirstNames.Contains(first) && words.Count <= 4)
        {
            return EntityCategories.Person;
        }

        if (words.Count >= 2 && Lexicon.LocationSuffixes.Contains(last))
        {
            return EntityCategories.Location;
        }

        return null;
    }

    private static bool IsAcronym(string word)
    {
        if (word.Length is < 2 or > 6 || Lexicon.RomanNumerals.Contains(word))
        {
            return false;
        }

        var letters = 0;
        foreach (var c in word)
        {
            if (char.IsLetter(c))
            {
                if (!char.IsUpper(c))
                {
                    return false;
                }

                letters++;
            }
            else if (!char.IsDigit(c) && c != '&' && c != '.')
            {
                return false;
            }
        }

        return letters >= 2;
    }
}
