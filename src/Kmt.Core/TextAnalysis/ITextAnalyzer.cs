namespace Kmt.Core.TextAnalysis;

/// <summary>
/// Language, extractive summary, key phrases and entities of a text. Two adapters: the in-process
/// default and Azure AI Language (REST) when an endpoint is configured.
/// </summary>
public interface ITextAnalyzer
{
    Task<TextAnalysisResult> AnalyzeAsync(string text, TextAnalysisRequest request, CancellationToken cancellationToken);
}

public sealed record TextAnalysisRequest
{
    /// <summary>How many sentences the summary should have at most.</summary>
    public int SummarySentences { get; init; } = 3;

    public int MaxKeyPhrases { get; init; } = 15;

    public int MaxEntities { get; init; } = 30;
}

/// <param name="Language">ISO 639-1 code ("en"), or null when undetermined.</param>
/// <param name="Summary">The sentences that best represent the text, in the order they appear in it.</param>
public sealed record TextAnalysisResult(
    string? Language,
    IReadOnlyList<string> Summary,
    IReadOnlyList<KeyPhrase> KeyPhrases,
    IReadOnlyList<NamedEntity> Entities);

public sealed record KeyPhrase(string Text, int Count, double Score);

/// <param name="Category">person, organization, location or concept.</param>
/// <param name="Offsets">Character offsets of its occurrences in the analysed text.</param>
public sealed record NamedEntity(string Text, string Category, int Count, IReadOnlyList<int> Offsets);

public static class EntityCategories
{
    public const string Person = "person";
    public const string Organization = "organization";
    public const string Location = "location";
    public const string Concept = "concept";
}
