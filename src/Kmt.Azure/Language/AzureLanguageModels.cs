using System.Text.Json.Serialization;

namespace Kmt.Azure.Language;

// The parts of the Azure AI Language REST schemas (analyze-text and analyze-text/jobs) KMT reads.

internal sealed record AnalyzeTextResult(string? Kind, TaskResults? Results);

internal sealed record TaskResults(List<DocumentResult>? Documents, List<DocumentError>? Errors, string? ModelVersion);

internal sealed record DocumentResult(
    string Id,
    DetectedLanguage? DetectedLanguage,
    List<string>? KeyPhrases,
    List<EntityResult>? Entities,
    List<SentenceResult>? Sentences,
    List<ServiceError>? Warnings);

internal sealed record DetectedLanguage(string? Name, [property: JsonPropertyName("iso6391Name")] string? Iso6391Name, double ConfidenceScore);

internal sealed record EntityResult(string Text, string Category, string? Subcategory, int Offset, int Length, double ConfidenceScore);

internal sealed record SentenceResult(string Text, double RankScore, int Offset, int Length);

internal sealed record DocumentError(string Id, ServiceError? Error);

internal sealed record ServiceError(string? Code, string? Message);

internal sealed record ErrorResponse(ServiceError? Error);

internal sealed record JobState(string? JobId, string? Status, List<ServiceError>? Errors, JobTasks? Tasks);

internal sealed record JobTasks(int Completed, int Failed, int InProgress, int Total, List<JobTaskItem>? Items);

internal sealed record JobTaskItem(string? Kind, string? TaskName, string? Status, TaskResults? Results);
