using System.Text.Json.Serialization;

namespace Kmt.Storage.Cosmos.Documents;

/// <summary>Container insights, type "learningHour": id = "lm:{hour as Unix seconds}" (docs/azure-layout.md).</summary>
public sealed class LearningHourDocument : CosmosDocument
{
    [JsonPropertyName("type")] public string Type { get; set; } = "learningHour";
    [JsonPropertyName("hour")] public long Hour { get; set; }
    [JsonPropertyName("itemsCaptured")] public int ItemsCaptured { get; set; }
    [JsonPropertyName("itemsRead")] public int ItemsRead { get; set; }
    [JsonPropertyName("itemsCompleted")] public int ItemsCompleted { get; set; }
    [JsonPropertyName("readingSeconds")] public long ReadingSeconds { get; set; }
    [JsonPropertyName("wordsRead")] public long WordsRead { get; set; }
    [JsonPropertyName("completionSum")] public double CompletionSum { get; set; }
    [JsonPropertyName("searches")] public int Searches { get; set; }
    [JsonPropertyName("contentTypes")] public Dictionary<string, int> ContentTypes { get; set; } = [];
    [JsonPropertyName("sources")] public Dictionary<string, int> Sources { get; set; } = [];
    [JsonPropertyName("tags")] public Dictionary<string, int> Tags { get; set; } = [];
}
