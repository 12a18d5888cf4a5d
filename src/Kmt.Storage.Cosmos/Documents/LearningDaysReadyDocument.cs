using System.Text.Json.Serialization;

namespace Kmt.Storage.Cosmos.Documents;

/// <summary>
/// Container insights, type "learningDaysReady", id "ld:ready": written once a replace of the person's whole
/// history has built every "learningDay" document (docs/azure-layout.md). Until then reads take hours only,
/// since hours written before day documents existed have none.
/// </summary>
public sealed class LearningDaysReadyDocument : CosmosDocument
{
    public const string ReadyId = "ld:ready";

    [JsonPropertyName("type")] public string Type { get; set; } = "learningDaysReady";

    /// <summary>When the whole history was last rebuilt, UTC (for operators; nothing reads it).</summary>
    [JsonPropertyName("builtAt")] public DateTimeOffset BuiltAt { get; set; }
}
