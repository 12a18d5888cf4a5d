using System.Text.Json.Serialization;
using Kmt.Storage.Cosmos.Documents;

namespace Kmt.Storage.Cosmos.Notifications;

/// <summary>type "notification": id = the notification's id. read/digested are booleans so filters need no IS_NULL.</summary>
internal sealed class NotificationDocument : CosmosDocument
{
    [JsonPropertyName("type")] public string Type { get; set; } = "notification";
    [JsonPropertyName("dedupeKey")] public string DedupeKey { get; set; } = "";
    [JsonPropertyName("kind")] public string Kind { get; set; } = "";
    [JsonPropertyName("title")] public string Title { get; set; } = "";
    [JsonPropertyName("body")] public string Body { get; set; } = "";
    [JsonPropertyName("link")] public string? Link { get; set; }
    [JsonPropertyName("insightRef")] public string? InsightRef { get; set; }
    [JsonPropertyName("createdAt")] public string CreatedAt { get; set; } = "";
    [JsonPropertyName("readAt")] public string? ReadAt { get; set; }
    [JsonPropertyName("read")] public bool Read { get; set; }
    [JsonPropertyName("digestedAt")] public string? DigestedAt { get; set; }
    [JsonPropertyName("digested")] public bool Digested { get; set; }
}

/// <summary>type "preferences": id = "preferences" (one per user partition).</summary>
internal sealed class PreferencesDocument : CosmosDocument
{
    [JsonPropertyName("type")] public string Type { get; set; } = "preferences";
    [JsonPropertyName("inApp")] public bool InApp { get; set; }
    [JsonPropertyName("email")] public bool Email { get; set; }
    [JsonPropertyName("push")] public bool Push { get; set; }
    [JsonPropertyName("digestFrequency")] public string DigestFrequency { get; set; } = "";
    [JsonPropertyName("digestTime")] public string DigestTime { get; set; } = "";
    [JsonPropertyName("digestDay")] public string DigestDay { get; set; } = "";
    [JsonPropertyName("timeZone")] public string TimeZone { get; set; } = "";
    [JsonPropertyName("quietHoursStart")] public string? QuietHoursStart { get; set; }
    [JsonPropertyName("quietHoursEnd")] public string? QuietHoursEnd { get; set; }
    [JsonPropertyName("updatedAt")] public string? UpdatedAt { get; set; }
    [JsonPropertyName("etag")] public string ETag { get; set; } = "";
}

/// <summary>type "push": id = "push:{subscription id}".</summary>
internal sealed class PushSubscriptionDocument : CosmosDocument
{
    [JsonPropertyName("type")] public string Type { get; set; } = "push";
    [JsonPropertyName("subscriptionId")] public string SubscriptionId { get; set; } = "";
    [JsonPropertyName("endpoint")] public string Endpoint { get; set; } = "";
    [JsonPropertyName("p256dh")] public string P256dh { get; set; } = "";
    [JsonPropertyName("auth")] public string Auth { get; set; } = "";
    [JsonPropertyName("createdAt")] public string CreatedAt { get; set; } = "";
}

/// <summary>type "sent": id = "sent:{SHA-256 of the key}" (keys may hold characters ids may not).</summary>
internal sealed class SentMarkDocument : CosmosDocument
{
    [JsonPropertyName("type")] public string Type { get; set; } = "sent";
    [JsonPropertyName("key")] public string Key { get; set; } = "";
    [JsonPropertyName("sentAt")] public string SentAt { get; set; } = "";
}

/// <summary>
/// Type "digestDue", id "digest-due": when the digest timer next looks at the user (Unix seconds), read
/// by the timer's one cross-partition query per page of due users (docs/azure-layout.md).
/// </summary>
internal sealed class DigestDueDocument : CosmosDocument
{
    public const string DigestDueType = "digestDue";
    public const string DocumentId = "digest-due";

    [JsonPropertyName("type")] public string Type { get; set; } = DigestDueType;
    [JsonPropertyName("dueAt")] public long DueAt { get; set; }
}

/// <summary>The user id of a due-digest row.</summary>
internal sealed class DigestDueRow
{
    [JsonPropertyName("userId")] public string UserId { get; set; } = "";
}
