namespace Kmt.Documents.Analysis;

/// <summary>
/// Language by writing system first (Cyrillic → ru/uk, Arabic → ar, Han/Kana → zh/ja, Hangul → ko,
/// Greek, Hebrew, Devanagari, Thai), then, for Latin script, by counting each language's stopwords
/// (en, de, fr, es, it, pt, nl) with small bonuses for letters only one language uses (ß, ñ, ã/õ, ĳ).
/// Returns null when the text is short or two languages score too closely: a wrong guess is worse
/// than none. Mixed-language documents get the language of the majority of the sampled text.
/// </summary>
internal static class LanguageDetector
{
    private const int SampleChars = 20_000;
    private const int SampleWords = 3_000;

    public static string? Detect(string text, List<Token> tokens)
    {
        int latin = 0, cyrillic = 0, arabic = 0, han = 0, kana = 0, hangul = 0, greek = 0, hebrew = 0, devanagari = 0, thai = 0;
        int ukrainianLetters = 0;
        var sample = Math.Min(text.Length, SampleChars);
        for (var i = 0; i < sample; i++)
        {
            var c = text[i];
            if (!char.IsLetter(c))
            {
                continue;
            }

            switch (c)
            {
                case <= '\u024F':
                    latin++;
                    break;
                case >= '\u0400' and <= '\u04FF':
                    cyrillic++;
                    if (c is 'і' or 'ї' or 'є' or 'ґ' or 'І' or 'Ї' or 'Є' or 'Ґ')
                    {
                        ukrainianLetters++;
                    }

                    break;
                case >= '\u0600' and <= '\u06FF' or >= '\u0750' and <= '\u077F' or >= '\uFB50' and <= '\uFDFF' or >= '\uFE70' and <= '\uFEFF':
                    arabic++;
                    break;
                case >= '\u3040' and <= '\u30FF' or >= '\u31F0' and <= '\u31FF' or >= '\uFF66' and <= '\uFF9F':
                    kana++;
                    break;
                case >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF' or >= '\uF900' and <= '\uFAFF':
                    han++;
                    break;
                case >= '\uAC00' and <= '\uD7AF' or >= '\u1100' and <= '\u11FF':
                    hangul++;
                    break;
                case >= '\u0370' and <= '\u03FF':
                    greek++;
                    break;
                case >= '\u0590' and <= '\u05FF':
                    hebrew++;
                    break;
                case >= '\u0900' and <= '\u097F':
                    devanagari++;
                    break;
                case >= '\u0E00' and <= '\u0E7F':
                    thai++;
                    break;
            }
        }

        var total = latin + cyrillic + arabic + han + kana + hangul + greek + hebrew + devanagari + thai;
        if (total < 8)
        {
            return null;
        }

        double Share(int n) => (double)n / total;

        if (Share(han + kana) > 0.3)
        {
            // Japanese mixes kana into Han text; Chinese has none.
            return kana >= 0.1 * (han + kana) ? "ja" : "zh";
        }

        if (Share(hangul) > 0.3)
        {
            return "ko";
        }

        if (Share(cyrillic) > 0.5)
        {
            return ukrainianLetters * 100 >= cyrillic ? "uk" : "ru";
        }

        if (Share(arabic) > 0.5)
        {
            return "ar"; // Persian and Urdu share the script: this is the dominant guess, not a certainty.
        }

        if (Share(greek) > 0.5)
        {
            return "el";
        }

        if (Share(hebrew) > 0.5)
        {
            return "he";
        }

        if (Share(devanagari) > 0.5)
        {
            return "hi";
        }

        if (Share(thai) > 0.5)
        {
            return "th";
        }

        return Share(latin) > 0.5 ? DetectLatin(text, tokens, sample) : null;
    }

    private static readonly string[] LatinLanguages = ["en", "de", "fr", "es", "it", "pt", "nl"];

    private static string? DetectLatin(string text, List<Token> tokens, int sample)
    {
        var scores = new double[LatinLanguages.Length];
        var words = 0;
        foreach (var token in tokens)
        {
            if (token.Start >= sample || words >= SampleWords)
            {
                break;
            }

            if (token.IsCjk || token.IsNumeric)
            {
                continue;
            }

            words++;
            var lower = token.Text.ToLowerInvariant();
            for (var l = 0; l < LatinLanguages.Length; l++)
            {
                if (Lexicon.Stopwords[LatinLanguages[l]].Contains(lower))
                {
                    scores[l]++;
                }
            }
        }

        if (words < 3)
        {
            return null;
        }

        // Letters that belong to one language.
        var span = text.AsSpan(0, sample);
        scores[Array.IndexOf(LatinLanguages, "de")] += 0.5 * Count(span, 'ß');
        scores[Array.IndexOf(LatinLanguages, "es")] += 0.5 * (Count(span, 'ñ') + Count(span, '¿') + Count(span, '¡'));
        scores[Array.IndexOf(LatinLanguages, "pt")] += 0.5 * (Count(span, 'ã') + Count(span, 'õ'));
        scores[Array.IndexOf(LatinLanguages, "nl")] += 0.5 * Count(span, 'ĳ');

        var best = -1;
        var second = -1;
        for (var l = 0; l < scores.Length; l++)
        {
            if (best < 0 || scores[l] > scores[best])
            {
                second = best;
                best = l;
            }
            else if (second < 0 || scores[l] > scores[second])
            {
                second = l;
            }
        }

        var top = scores[best];
        var runnerUp = second >= 0 ? scores[second] : 0;
        if (top < 2 || top / words < 0.08 || top < 1.25 * runnerUp)
        {
            return null;
        }

        return LatinLanguages[best];
    }

    private static int Count(ReadOnlySpan<char> text, char c)
    {
        var n = 0;
        var i = 0;
        while ((i = text.IndexOf(c)) >= 0)
        {
            n++;
            text = text[(i + 1)..];
        }

        return n;
    }
}
