using System.Text.Json.Serialization;

namespace Kmt.Storage.Cosmos.Documents;

// The documents of each container (docs/azure-layout.md). Every document has "id" and its partition key
// ("userId"; "key" in userKeys). "etag" is the API's ETag (a field of ours, so bookkeeping writes keep it);
// "_etag" is Cosmos DB's own version of the document, read back for IfMatchEtag and never written.

/// <summary>Fields every user-partitioned document has.</summary>
public abstract class CosmosDocument
{
    [JsonPropertyName("id")]
    public string Id { get; set; } = "";

    [JsonPropertyName("userId")]
    public string UserId { get; set; } = "";

    /// <summary>Cosmos DB's version of the document (read only: cleared before every write).</summary>
    [JsonPropertyName("_etag")]
    public string? SystemETag { get; set; }
}

/// <summary>Container users: id = userId.</summary>
public sealed class UserDocument : CosmosDocument
{
    [JsonPropertyName("type")] public string Type { get; set; } = "user";
    [JsonPropertyName("email")] public string Email { get; set; } = "";
    [JsonPropertyName("normalizedEmail")] public string NormalizedEmail { get; set; } = "";
    [JsonPropertyName("externalSubject")] public string? ExternalSubject { get; set; }
    [JsonPropertyName("passwordHash")] public string PasswordHash { get; set; } = "";
    [JsonPropertyName("firstName")] public string? FirstName { get; set; }
    [JsonPropertyName("lastName")] public string? LastName { get; set; }
    [JsonPropertyName("role")] public string Role { get; set; } = "";
    [JsonPropertyName("isActive")] public bool IsActive { get; set; }
    [JsonPropertyName("preferencesJson")] public string PreferencesJson { get; set; } = "{}";
    [JsonPropertyName("createdAt")] public string CreatedAt { get; set; } = "";
    [JsonPropertyName("updatedAt")] public string UpdatedAt { get; set; } = "";
    [JsonPropertyName("lastLogin")] public string? LastLogin { get; set; }
    [JsonPropertyName("etag")] public string ETag { get; set; } = "";
}

/// <summary>Container userKeys (partition /key): id = key = "email:{normalized}" or "external:{subject}".</summary>
public sealed class UserKeyDocument : Common.IClaimDocument
{
    [JsonPropertyName("id")] public string Id { get; set; } = "";
    [JsonPropertyName("key")] public string Key { get; set; } = "";
    [JsonPropertyName("userId")] public string UserId { get; set; } = "";
    /// <summary>"pending" (with <see cref="LeaseUntil"/>) until the user document is written, then "owned" (see Common.Claims).</summary>
    [JsonPropertyName("state")] public string? State { get; set; }
    [JsonPropertyName("leaseUntil")] public string? LeaseUntil { get; set; }
    [JsonPropertyName("_etag")] public string? SystemETag { get; set; }

    string Common.IClaimDocument.Owner => UserId;
}

/// <summary>Container credentials, type "session": id = "session:{sessionId}".</summary>
public sealed class SessionDocument : CosmosDocument
{
    [JsonPropertyName("type")] public string Type { get; set; } = "session";
    [JsonPropertyName("sessionId")] public string SessionId { get; set; } = "";
    [JsonPropertyName("familyId")] public string FamilyId { get; set; } = "";
    [JsonPropertyName("tokenHash")] public string TokenHash { get; set; } = "";
    [JsonPropertyName("createdAt")] public string CreatedAt { get; set; } = "";
    [JsonPropertyName("expiresAt")] public string ExpiresAt { get; set; } = "";
    [JsonPropertyName("usedAt")] public string? UsedAt { get; set; }
    [JsonPropertyName("replacedById")] public string? ReplacedById { get; set; }
    [JsonPropertyName("revokedAt")] public string? RevokedAt { get; set; }
    /// <summary>Queryable flag (revokedAt is omitted when null, and "missing" is awkward to filter on).</summary>
    [JsonPropertyName("isRevoked")] public bool IsRevoked { get; set; }
    [JsonPropertyName("ipAddress")] public string? IpAddress { get; set; }
    [JsonPropertyName("userAgent")] public string? UserAgent { get; set; }
    [JsonPropertyName("secretSalt")] public string? SecretSalt { get; set; }
    /// <summary>Seconds until Cosmos DB removes it: to expiry plus a grace period.</summary>
    [JsonPropertyName("ttl")] public int? Ttl { get; set; }
}

/// <summary>
/// Container credentials, type "family": id = "family:{familyId}", one login. Its ttl is renewed by every
/// rotation (a Patch of expiresAt and ttl), so a login refreshed in time never expires under its tokens.
/// </summary>
public sealed class FamilyDocument : CosmosDocument
{
    public const string FamilyType = "family";

    [JsonPropertyName("type")] public string Type { get; set; } = FamilyType;
    [JsonPropertyName("familyId")] public string FamilyId { get; set; } = "";
    [JsonPropertyName("createdAt")] public string CreatedAt { get; set; } = "";
    [JsonPropertyName("expiresAt")] public string ExpiresAt { get; set; } = "";
    [JsonPropertyName("revokedAt")] public string? RevokedAt { get; set; }
    [JsonPropertyName("isRevoked")] public bool IsRevoked { get; set; }
    [JsonPropertyName("ttl")] public int? Ttl { get; set; }
}

/// <summary>Container credentials, type "reset": id = "reset:{tokenId}".</summary>
public sealed class ResetTokenDocument : CosmosDocument
{
    [JsonPropertyName("type")] public string Type { get; set; } = "reset";
    [JsonPropertyName("tokenId")] public string TokenId { get; set; } = "";
    [JsonPropertyName("tokenHash")] public string TokenHash { get; set; } = "";
    [JsonPropertyName("createdAt")] public string CreatedAt { get; set; } = "";
    [JsonPropertyName("expiresAt")] public string ExpiresAt { get; set; } = "";
    [JsonPropertyName("usedAt")] public string? UsedAt { get; set; }
    [JsonPropertyName("purpose")] public string? Purpose { get; set; }
    [JsonPropertyName("newEmail")] public string? NewEmail { get; set; }
    [JsonPropertyName("ttl")] public int? Ttl { get; set; }
}

/// <summary>Container mail: the outbox (container TTL 30 days).</summary>
public sealed class MailDocument : CosmosDocument
{
    [JsonPropertyName("to")] public string To { get; set; } = "";
    [JsonPropertyName("subject")] public string Subject { get; set; } = "";
    [JsonPropertyName("body")] public string Body { get; set; } = "";
    [JsonPropertyName("createdAt")] public string CreatedAt { get; set; } = "";
    [JsonPropertyName("deliveredAt")] public string? DeliveredAt { get; set; }
}

/// <summary>Container knowledge, type "item": id = item id.</summary>
public sealed class KnowledgeItemDocument : CosmosDocument
{
    public const string ItemType = "item";

    [JsonPropertyName("type")] public string Type { get; set; } = ItemType;
    [JsonPropertyName("title")] public string Title { get; set; } = "";
    [JsonConverter(typeof(CutTextJsonConverter))]
    [JsonPropertyName("content")] public string Content { get; set; } = "";
    [JsonPropertyName("contentType")] public string ContentType { get; set; } = "";
    [JsonPropertyName("sourceUrl")] public string? SourceUrl { get; set; }
    [JsonPropertyName("sourceType")] public string? SourceType { get; set; }
    [JsonPropertyName("tags")] public List<string> Tags { get; set; } = [];
    /// <summary>Every tag and every ancestor path of every tag ("science", "science/physics"): ARRAY_CONTAINS finds a subtree.</summary>
    [JsonPropertyName("tagPrefixes")] public List<string> TagPrefixes { get; set; } = [];
    [JsonPropertyName("metadataJson")] public string MetadataJson { get; set; } = "{}";
    [JsonPropertyName("createdAt")] public string CreatedAt { get; set; } = "";
    [JsonPropertyName("updatedAt")] public string UpdatedAt { get; set; } = "";
    [JsonPropertyName("accessedAt")] public string AccessedAt { get; set; } = "";
    [JsonPropertyName("accessCount")] public int AccessCount { get; set; }
    [JsonPropertyName("importanceScore")] public double ImportanceScore { get; set; }
    [JsonPropertyName("isArchived")] public bool IsArchived { get; set; }
    [JsonPropertyName("deletedAt")] public string? DeletedAt { get; set; }
    /// <summary>True while in the trash (queryable; deletedAt is omitted when null).</summary>
    [JsonPropertyName("isDeleted")] public bool IsDeleted { get; set; }
    [JsonPropertyName("version")] public int Version { get; set; }
    [JsonPropertyName("wordCount")] public int WordCount { get; set; }
    [JsonPropertyName("etag")] public string ETag { get; set; } = "";
    /// <summary>UTF-16 chars of content (absent on items written before it: then the content's length).</summary>
    [JsonPropertyName("contentLength")] public int? ContentLength { get; set; }
    [JsonPropertyName("contentTruncated")] public bool ContentTruncated { get; set; }
    [JsonPropertyName("originalContentLength")] public int? OriginalContentLength { get; set; }
    [JsonPropertyName("sourceUploadId")] public string? SourceUploadId { get; set; }
    /// <summary>A pending knowledge-graph change (absent when none), written with the item.</summary>
    [JsonPropertyName("graphPendingSince")] public string? GraphPendingSince { get; set; }
    /// <summary>An item-level vector for hybrid search (VectorDistance); not written yet (see CosmosSearchQueryBuilder).</summary>
    [JsonPropertyName("vector")] public float[]? Vector { get; set; }
}

/// <summary>Container knowledge, type "version": id = "{itemId}:v{version}".</summary>
public sealed class KnowledgeVersionDocument : CosmosDocument
{
    public const string VersionType = "version";

    [JsonPropertyName("type")] public string Type { get; set; } = VersionType;
    [JsonPropertyName("itemId")] public string ItemId { get; set; } = "";
    [JsonPropertyName("version")] public int Version { get; set; }
    [JsonPropertyName("title")] public string Title { get; set; } = "";
    [JsonPropertyName("content")] public string Content { get; set; } = "";
    [JsonPropertyName("contentType")] public string ContentType { get; set; } = "";
    [JsonPropertyName("sourceUrl")] public string? SourceUrl { get; set; }
    [JsonPropertyName("sourceType")] public string? SourceType { get; set; }
    [JsonPropertyName("tags")] public List<string> Tags { get; set; } = [];
    [JsonPropertyName("metadataJson")] public string MetadataJson { get; set; } = "{}";
    [JsonPropertyName("createdAt")] public string CreatedAt { get; set; } = "";
    [JsonPropertyName("replacedAt")] public string ReplacedAt { get; set; } = "";

    public static string IdFor(string itemId, int version) => $"{itemId}:v{version}";
}

/// <summary>Container tags, type "tag": id = tag id.</summary>
public sealed class TagDocument : CosmosDocument
{
    public const string TagType = "tag";

    [JsonPropertyName("type")] public string Type { get; set; } = TagType;
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("color")] public string Color { get; set; } = "";
    [JsonPropertyName("createdAt")] public string CreatedAt { get; set; } = "";
    [JsonPropertyName("updatedAt")] public string UpdatedAt { get; set; } = "";
    [JsonPropertyName("etag")] public string ETag { get; set; } = "";
}

/// <summary>
/// Container tags, type "tagName": id = "name:{name}", a lock that makes tag names unique per user
/// (creating it twice is a 409). Unique-key policies would need the container recreated to change.
/// </summary>
public sealed class TagNameDocument : CosmosDocument, Common.IClaimDocument
{
    public const string TagNameType = "tagName";

    [JsonPropertyName("type")] public string Type { get; set; } = TagNameType;
    [JsonPropertyName("tagId")] public string TagId { get; set; } = "";
    /// <summary>"pending" (with <see cref="LeaseUntil"/>) until the tag document is written, then "owned" (see Common.Claims).</summary>
    [JsonPropertyName("state")] public string? State { get; set; }
    [JsonPropertyName("leaseUntil")] public string? LeaseUntil { get; set; }

    string Common.IClaimDocument.Owner => TagId;

    /// <summary>"name:{name}", escaped as <see cref="DocumentMapper.SafeId"/> describes.</summary>
    public static string IdFor(string name) => "name:" + DocumentMapper.SafeId(name);
}

/// <summary>Container tags, type "tagRename": id "rename:{tagId}", a resumable tag rename (Core's TagRenameJob).</summary>
public sealed class TagRenameJobDocument : CosmosDocument
{
    public const string RenameType = "tagRename";

    [JsonPropertyName("type")] public string Type { get; set; } = RenameType;
    [JsonPropertyName("tagId")] public string TagId { get; set; } = "";
    [JsonPropertyName("oldName")] public string OldName { get; set; } = "";
    [JsonPropertyName("newName")] public string NewName { get; set; } = "";
    [JsonPropertyName("requestedAt")] public string RequestedAt { get; set; } = "";
    [JsonPropertyName("lastAttemptAt")] public string LastAttemptAt { get; set; } = "";
    [JsonPropertyName("attempts")] public int Attempts { get; set; }
    [JsonPropertyName("tagsMoved")] public bool TagsMoved { get; set; }

    public static string IdFor(string tagId) => "rename:" + tagId;
}

/// <summary>Container activities: id = activity id (client-supplied ids make retries idempotent).</summary>
public sealed class ActivityDocument : CosmosDocument
{
    [JsonPropertyName("activityType")] public string ActivityType { get; set; } = "";
    [JsonPropertyName("entityType")] public string? EntityType { get; set; }
    [JsonPropertyName("entityId")] public string? EntityId { get; set; }
    [JsonPropertyName("durationSeconds")] public int? DurationSeconds { get; set; }
    [JsonPropertyName("metadataJson")] public string MetadataJson { get; set; } = "{}";
    [JsonPropertyName("occurredAt")] public string OccurredAt { get; set; } = "";
    [JsonPropertyName("createdAt")] public string CreatedAt { get; set; } = "";
}

/// <summary>Container readingSessions: id = session id.</summary>
public sealed class ReadingSessionDocument : CosmosDocument
{
    [JsonPropertyName("knowledgeItemId")] public string KnowledgeItemId { get; set; } = "";
    [JsonPropertyName("startTime")] public string StartTime { get; set; } = "";
    [JsonPropertyName("endTime")] public string? EndTime { get; set; }
    /// <summary>No end time yet (queryable flag).</summary>
    [JsonPropertyName("isOpen")] public bool IsOpen { get; set; }
    [JsonPropertyName("durationSeconds")] public int? DurationSeconds { get; set; }
    [JsonPropertyName("completionPercentage")] public double CompletionPercentage { get; set; }
    [JsonPropertyName("readingSpeedWpm")] public int? ReadingSpeedWpm { get; set; }
    [JsonPropertyName("createdAt")] public string CreatedAt { get; set; } = "";
    [JsonPropertyName("updatedAt")] public string UpdatedAt { get; set; } = "";
}

/// <summary>Container uploads: id = upload id; status as its lower-case name.</summary>
public sealed class UploadDocument : CosmosDocument
{
    [JsonPropertyName("fileName")] public string FileName { get; set; } = "";
    [JsonPropertyName("title")] public string? Title { get; set; }
    [JsonPropertyName("tags")] public List<string> Tags { get; set; } = [];
    [JsonPropertyName("status")] public string Status { get; set; } = "";
    [JsonPropertyName("reason")] public string? Reason { get; set; }
    [JsonPropertyName("knowledgeItemId")] public string? KnowledgeItemId { get; set; }
    [JsonPropertyName("sizeBytes")] public long? SizeBytes { get; set; }
    [JsonPropertyName("contentSha256")] public string? ContentSha256 { get; set; }
    [JsonPropertyName("detectedFormat")] public string? DetectedFormat { get; set; }
    [JsonPropertyName("attempts")] public int Attempts { get; set; }
    [JsonPropertyName("timingsMs")] public Dictionary<string, double>? TimingsMs { get; set; }
    /// <summary>Chunks the second stage embedded; absent until it has run (and in documents written before it existed).</summary>
    [JsonPropertyName("embeddedChunks")] public int? EmbeddedChunks { get; set; }
    [JsonPropertyName("embeddedAt")] public string? EmbeddedAt { get; set; }
    [JsonPropertyName("createdAt")] public string CreatedAt { get; set; } = "";
    [JsonPropertyName("updatedAt")] public string UpdatedAt { get; set; } = "";
    [JsonPropertyName("etag")] public string ETag { get; set; } = "";
}

/// <summary>Container embeddings: id = "{itemId}:{chunkIndex}".</summary>
public sealed class EmbeddingDocument : CosmosDocument
{
    [JsonPropertyName("itemId")] public string ItemId { get; set; } = "";
    [JsonPropertyName("chunkIndex")] public int ChunkIndex { get; set; }
    [JsonPropertyName("start")] public int Start { get; set; }
    [JsonPropertyName("length")] public int Length { get; set; }
    [JsonPropertyName("model")] public string Model { get; set; } = "";
    /// <summary>The vector as numbers, for Cosmos DB's vector index (VectorDistance); omitted when a component is NaN or infinite, which JSON cannot hold.</summary>
    [JsonPropertyName("vector")] public float[]? Vector { get; set; }
    /// <summary>The vector bit-exact (float32 little-endian, base64): what reads return (-0 and NaN payloads included).</summary>
    [JsonPropertyName("vectorBits")] public string VectorBits { get; set; } = "";

    public static string IdFor(string itemId, int index) => $"{itemId}:{index}";
}
