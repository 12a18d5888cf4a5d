namespace Kmt.Azure.Tests.Language;

/// <summary>
/// Response bodies in the shapes Azure AI Language documents for api-version 2023-04-01
/// (analyze-text and analyze-text/jobs), written for <see cref="AzureLanguageTextAnalyzerTests.Text"/>.
/// Offsets are UTF-16 code units (the analyzer asks for stringIndexType Utf16CodeUnit).
/// </summary>
internal static class RecordedResponses
{
    public const string LanguageDetection = """
        {
          "kind": "LanguageDetectionResults",
          "results": {
            "documents": [
              {
                "id": "0",
                "detectedLanguage": { "name": "English", "iso6391Name": "en", "confidenceScore": 0.99 },
                "warnings": []
              }
            ],
            "errors": [],
            "modelVersion": "2024-04-01"
          }
        }
        """;

    public const string KeyPhrases = """
        {
          "kind": "KeyPhraseExtractionResults",
          "results": {
            "documents": [
              {
                "id": "0",
                "keyPhrases": [ "knowledge metabolism", "spaced repetition", "Ada Lovelace", "notes" ],
                "warnings": []
              }
            ],
            "errors": [],
            "modelVersion": "2022-10-01"
          }
        }
        """;

    /// <summary>{0}.. are filled with the offsets of the mentions in the text.</summary>
    public static string Entities(string text) => $$"""
        {
          "kind": "EntityRecognitionResults",
          "results": {
            "documents": [
              {
                "id": "0",
                "entities": [
                  { "text": "Ada Lovelace", "category": "Person", "offset": {{text.IndexOf("Ada Lovelace", StringComparison.Ordinal)}}, "length": 12, "confidenceScore": 0.99 },
                  { "text": "Contoso Research", "category": "Organization", "offset": {{text.IndexOf("Contoso Research", StringComparison.Ordinal)}}, "length": 16, "confidenceScore": 0.97 },
                  { "text": "Seattle", "category": "Location", "subcategory": "GPE", "offset": {{text.IndexOf("Seattle", StringComparison.Ordinal)}}, "length": 7, "confidenceScore": 0.98 },
                  { "text": "2024", "category": "DateTime", "subcategory": "DateRange", "offset": {{text.IndexOf("2024", StringComparison.Ordinal)}}, "length": 4, "confidenceScore": 0.8 },
                  { "text": "spaced repetition", "category": "Skill", "offset": {{text.IndexOf("spaced repetition", StringComparison.Ordinal)}}, "length": 17, "confidenceScore": 0.85 },
                  { "text": "Lovelace", "category": "Person", "offset": {{text.LastIndexOf("Lovelace", StringComparison.Ordinal)}}, "length": 8, "confidenceScore": 0.9 },
                  { "text": "ada lovelace", "category": "Person", "offset": {{text.IndexOf("ada lovelace", StringComparison.Ordinal)}}, "length": 12, "confidenceScore": 0.7 },
                  { "text": "1 Main Street, Seattle", "category": "Address", "offset": {{text.IndexOf("1 Main Street, Seattle", StringComparison.Ordinal)}}, "length": 22, "confidenceScore": 0.9 }
                ],
                "warnings": []
              }
            ],
            "errors": [],
            "modelVersion": "2023-09-01"
          }
        }
        """;

    public static string JobRunning(string jobId) => $$"""
        {
          "jobId": "{{jobId}}",
          "lastUpdatedDateTime": "2026-03-01T12:00:01Z",
          "createdDateTime": "2026-03-01T12:00:00Z",
          "expirationDateTime": "2026-03-02T12:00:00Z",
          "status": "running",
          "errors": [],
          "displayName": "KMT extractive summary",
          "tasks": { "completed": 0, "failed": 0, "inProgress": 1, "total": 1, "items": [] }
        }
        """;

    /// <summary>Sentences listed by rank, not by position, to show the analyzer restores document order.</summary>
    public static string JobSucceeded(string jobId, string text, params string[] sentencesByRank) => $$"""
        {
          "jobId": "{{jobId}}",
          "lastUpdatedDateTime": "2026-03-01T12:00:03Z",
          "createdDateTime": "2026-03-01T12:00:00Z",
          "expirationDateTime": "2026-03-02T12:00:00Z",
          "status": "succeeded",
          "errors": [],
          "displayName": "KMT extractive summary",
          "tasks": {
            "completed": 1, "failed": 0, "inProgress": 0, "total": 1,
            "items": [
              {
                "kind": "ExtractiveSummarizationLROResults",
                "taskName": "summary",
                "lastUpdateDateTime": "2026-03-01T12:00:03Z",
                "status": "succeeded",
                "results": {
                  "documents": [
                    {
                      "id": "0",
                      "sentences": [
                        {{string.Join(",\n", sentencesByRank.Select((s, i) =>
                            $$"""{ "text": "{{s}}", "rankScore": {{(1.0 - (i * 0.1)).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)}}, "offset": {{text.IndexOf(s, StringComparison.Ordinal)}}, "length": {{s.Length}} }"""))}}
                      ],
                      "warnings": []
                    }
                  ],
                  "errors": [],
                  "modelVersion": "2024-11-04"
                }
              }
            ]
          }
        }
        """;

    public static string JobFailed(string jobId) => $$"""
        {
          "jobId": "{{jobId}}",
          "lastUpdatedDateTime": "2026-03-01T12:00:03Z",
          "createdDateTime": "2026-03-01T12:00:00Z",
          "expirationDateTime": "2026-03-02T12:00:00Z",
          "status": "failed",
          "errors": [ { "code": "InternalServerError", "message": "An unexpected error occurred." } ],
          "displayName": "KMT extractive summary",
          "tasks": { "completed": 0, "failed": 1, "inProgress": 0, "total": 1, "items": [] }
        }
        """;

    public const string Throttled = """
        { "error": { "code": "429", "message": "Requests to the Analyze Text API have exceeded the rate limit of your current pricing tier. Please retry after 1 second." } }
        """;
}
