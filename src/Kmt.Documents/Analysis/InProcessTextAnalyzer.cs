using Kmt.Core.Common;
using Kmt.Core.TextAnalysis;

namespace Kmt.Documents.Analysis;

/// <summary>
/// The default <see cref="ITextAnalyzer"/>: deterministic, offline and fast (word lists and counting,
/// no model). Language from script and stopwords (<see cref="LanguageDetector"/>); summary by TF-IDF
/// centroid scoring of sentences (<see cref="Summarizer"/>); key phrases RAKE-style
/// (<see cref="KeyPhraseExtractor"/>); entities by capitalisation and word lists
/// (<see cref="EntityRecognizer"/>). Each helper documents its limits. Very long texts are analysed on
/// their first <see cref="MaxAnalysedCharacters"/> characters (offsets stay valid for the full text).
/// </summary>
public sealed class InProcessTextAnalyzer : ITextAnalyzer
{
    /// <summary>Beyond this, the rest of a text adds cost but little to a summary or key phrases.</summary>
    public const int MaxAnalysedCharacters = 1_000_000;

    public Task<TextAnalysisResult> AnalyzeAsync(string text, TextAnalysisRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Analyze(text, request, cancellationToken));
    }

    internal static TextAnalysisResult Analyze(string text, TextAnalysisRequest request, CancellationToken cancellationToken)
    {
        text = TextCut.Head(text, MaxAnalysedCharacters);

        if (string.IsNullOrWhiteSpace(text))
        {
            return new TextAnalysisResult(null, [], [], []);
        }

        var tokens = TextTokens.Tokenize(text);
        var sentences = TextTokens.SplitSentences(text, tokens);
        cancellationToken.ThrowIfCancellationRequested();

        var language = LanguageDetector.Detect(text, tokens);
        var stopwords = StopwordsFor(language);

        var summary = Summarizer.Summarize(text, tokens, sentences, stopwords, Math.Max(0, request.SummarySentences));
        cancellationToken.ThrowIfCancellationRequested();

        var keyPhrases = KeyPhraseExtractor.Extract(text, tokens, stopwords, Math.Max(0, request.MaxKeyPhrases));
        cancellationToken.ThrowIfCancellationRequested();

        var entities = EntityRecognizer.Recognize(text, tokens, Math.Max(0, request.MaxEntities));
        return new TextAnalysisResult(language, summary, keyPhrases, entities);
    }

    /// <summary>The detected language's stopwords plus English (technical text mixes English in everywhere).</summary>
    private static HashSet<string> StopwordsFor(string? language)
    {
        var english = Lexicon.Stopwords["en"];
        if (language is null)
        {
            return Lexicon.AllStopwords;
        }

        if (language == "en" || !Lexicon.Stopwords.TryGetValue(language, out var own))
        {
            return english;
        }

        var set = new HashSet<string>(english, StringComparer.Ordinal);
        set.UnionWith(own);
        return set;
    }
}
