using System.Text;

namespace Kmt.Bench.Loader;

/// <summary>One generated knowledge item, as POST /api/v1/knowledge takes it.</summary>
internal sealed record GeneratedItem(string Title, string Content, string ContentType, string[] Tags, string SourceUrl);

/// <summary>
/// Deterministic synthetic notes: item <c>i</c> of seed <c>s</c> is always the same text whatever
/// the concurrency, so runs are comparable. Words are drawn with a skew (frequent head, long
/// tail) like natural text, from sentence templates so the text reads like English prose.
/// </summary>
internal static class Corpus
{
    private static readonly string[] SentenceTemplates =
    [
        "D J N V D N P D N",
        "D N P Np V D J N",
        "Np R V D N P D J N",
        "D J N Vd D N , C D N V J",
        "P D N P Np , D N R V D N",
        "D N V D J N C D N P Np",
        "Np P D N V R J",
        "D N Vd Np P D J N C Np",
        "P Np , D J N R V D N P D N",
        "D N P D N V J , C Np V D N",
        "D J Np Vd P D N",
        "D N R Vd D J N P Np P D N",
    ];

    private static readonly string[] TitleTemplates =
    [
        "J N and N", "Notes on J Np", "How Np B the N", "Why N Matters", "A Guide to J Np",
        "N : J N in Practice", "Understanding Np", "The J N of Np", "Np versus Np", "Reading Notes: J N",
        "What I Learned About Np", "The N Question", "J N , J N", "On N and N", "Np , Np and Np",
    ];

    public static GeneratedItem Item(int seed, int index)
    {
        // Not HashCode.Combine: its seed is random per process, and the items must be the same in every run.
        var rng = new Random(StableSeed(seed, index, 0x5EED));
        var topics = Vocabulary.Topics;
        var primary = topics[rng.Next(topics.Length)];
        var secondary = rng.NextDouble() < 0.3 ? topics[rng.Next(topics.Length)] : primary;
        var words = new WordSource(rng, primary, secondary);

        var title = Capitalize(Expand(TitleTemplates[rng.Next(TitleTemplates.Length)], words, titleCase: true));

        var content = new StringBuilder();
        int paragraphs = rng.Next(3, 7);
        for (int p = 0; p < paragraphs; p++)
        {
            if (p > 0)
            {
                content.Append("\n\n");
            }
            int target = rng.Next(60, 121);
            int count = 0;
            bool first = true;
            while (count < target)
            {
                var sentence = Capitalize(Expand(SentenceTemplates[rng.Next(SentenceTemplates.Length)], words, titleCase: false));
                if (!first)
                {
                    content.Append(' ');
                }
                content.Append(sentence).Append(rng.NextDouble() < 0.08 ? '?' : '.');
                count += sentence.Count(c => c == ' ') + 1;
                first = false;
            }
        }

        int tagCount = Pick(rng, [10, 25, 30, 20, 15]);
        var tags = new HashSet<string>(StringComparer.Ordinal);
        var allTags = Vocabulary.AllTags().ToArray();
        while (tags.Count < tagCount)
        {
            double u = rng.NextDouble();
            var pool = u < 0.6 ? primary.Tags : u < 0.75 ? secondary.Tags : allTags;
            tags.Add(pool[rng.Next(pool.Length)]);
        }

        return new GeneratedItem(
            title,
            content.ToString(),
            "article",
            [.. tags],
            $"https://example.com/{primary.Name}/{index}");
    }

    /// <summary>A seed that depends only on the arguments (FNV-1a over their bytes), the same in every process.</summary>
    public static int StableSeed(params int[] values)
    {
        unchecked
        {
            uint hash = 2166136261;
            foreach (var value in values)
            {
                for (int shift = 0; shift < 32; shift += 8)
                {
                    hash = (hash ^ (byte)(value >> shift)) * 16777619;
                }
            }
            return (int)(hash & 0x7FFFFFFF);
        }
    }

    private static int Pick(Random rng, int[] weights)
    {
        int roll = rng.Next(weights.Sum());
        for (int i = 0; i < weights.Length; i++)
        {
            roll -= weights[i];
            if (roll < 0)
            {
                return i;
            }
        }
        return weights.Length - 1;
    }

    private static string Expand(string template, WordSource words, bool titleCase)
    {
        var output = new List<string>();
        foreach (var slot in template.Split(' '))
        {
            if (slot is "," or ":")
            {
                output[^1] += slot;
                continue;
            }
            string w = slot switch
            {
                "D" => words.From(Vocabulary.Determiners, 1.0),
                "J" => words.Adjective(),
                "N" => words.Noun(),
                "Np" => Vocabulary.Plural(words.Noun()),
                "V" => Vocabulary.ThirdPerson(words.From(Vocabulary.GeneralVerbs, 2.0)),
                "Vd" => Vocabulary.Past(words.From(Vocabulary.GeneralVerbs, 2.0)),
                "B" => words.From(Vocabulary.GeneralVerbs, 2.0),
                "R" => words.From(Vocabulary.Adverbs, 1.5),
                "P" => words.From(Vocabulary.Prepositions, 1.0),
                "C" => words.From(Vocabulary.Conjunctions, 1.0),
                _ => slot,
            };
            if (slot == "Np" && output.Count > 0 && output[^1] is "a" or "an" or "this" or "that" or "each" or "every")
            {
                output[^1] = "the";
            }
            // Article agreement: "a" before a consonant sound, "an" before a vowel (roughly).
            if (output.Count > 0 && output[^1] is "a" or "an")
            {
                output[^1] = "aeiou".Contains(char.ToLowerInvariant(w[0])) ? "an" : "a";
            }
            output.Add(titleCase && slot is "J" or "N" or "Np" or "B" ? Capitalize(w) : w);
        }
        return string.Join(' ', output);
    }

    private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    private sealed class WordSource(Random rng, Vocabulary.Topic primary, Vocabulary.Topic secondary)
    {
        /// <summary>Skewed pick: exponent > 1 favours the head of the list (Zipf-like).</summary>
        public string From(string[] list, double skew)
        {
            int i = (int)(Math.Pow(rng.NextDouble(), skew) * list.Length);
            return list[Math.Min(i, list.Length - 1)];
        }

        public string Noun()
        {
            double u = rng.NextDouble();
            return u < 0.55 ? From(primary.Nouns, 1.6) : u < 0.7 ? From(secondary.Nouns, 1.6) : From(Vocabulary.GeneralNouns, 2.2);
        }

        public string Adjective()
        {
            double u = rng.NextDouble();
            return u < 0.45 ? From(primary.Adjectives, 1.3) : From(Vocabulary.GeneralAdjectives, 1.8);
        }
    }
}
