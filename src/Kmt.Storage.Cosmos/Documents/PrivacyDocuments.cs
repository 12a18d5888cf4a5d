using System.Text.Json.Serialization;

namespace Kmt.Storage.Cosmos.Documents;

// Container privacy (partition /userId, TTL on without a default): consents, audit entries, export
// jobs, import jobs and daily activity counts in the user's partition (erased with it), erasure jobs in the one
// partition "erasure-jobs" (they outlive the account they erase). "type" tells them apart.

/// <summary>type "consents": id = "consents".</summary>
public sealed class ConsentsDocument : CosmosDocument
{
    [JsonPropertyName("type")] public string Type { get; set; } = "consents";
    [JsonPropertyName("purposes")] public List<ConsentDocumentState> Purposes { get; set; } = [];
    [JsonPropertyName("updatedAt")] public string UpdatedAt { get; set; } = "";
    [JsonPropertyName("etag")] public string ETag { get; set; } = "";
}

/// <summary>One purpose of <see cref="ConsentsDocument"/>.</summary>
public sealed class ConsentDocumentState
{
    [JsonPropertyName("purpose")] public string Purpose { get; set; } = "";
    [JsonPropertyName("granted")] public bool Granted { get; set; }
    [JsonPropertyName("givenAt")] public string? GivenAt { get; set; }
    [JsonPropertyName("withdrawnAt")] public string? WithdrawnAt { get; set; }
}

/// <summary>type "audit": id = "audit:{entry id}"; ttl = the audit retention.</summary>
public sealed class AuditDocument : CosmosDocument
{
    [JsonPropertyName("type")] public string Type { get; set; } = "audit";
    [JsonPropertyName("entryId")] public string EntryId { get; set; } = "";
    [JsonPropertyName("eventType")] public string EventType { get; set; } = "";
    [JsonPropertyName("outcome")] public string Outcome { get; set; } = "";
    [JsonPropertyName("at")] public string At { get; set; } = "";
    [JsonPropertyName("ipAddress")] public string? IpAddress { get; set; }
    [JsonPropertyName("userAgent")] public string? UserAgent { get; set; }
    [JsonPropertyName("details")] public Dictionary<string, string>? Details { get; set; }
    [JsonPropertyName("ttl")] public int? Ttl { get; set; }
}

/// <summary>type "export": id = "export:{export id}"; the job as JSON.</summary>
public sealed class ExportJobDocument : CosmosDocument
{
    [JsonPropertyName("type")] public string Type { get; set; } = "export";
    [JsonPropertyName("createdAt")] public string CreatedAt { get; set; } = "";
    [JsonPropertyName("job")] public string Job { get; set; } = "";
}

/// <summary>type "import": id = "import:{importId}" (docs/api.md, "Import"); the job as JSON, like exports.</summary>
public sealed class ImportJobDocument : CosmosDocument
{
    [JsonPropertyName("type")] public string Type { get; set; } = "import";
    [JsonPropertyName("createdAt")] public string CreatedAt { get; set; } = "";
    [JsonPropertyName("job")] public string Job { get; set; } = "";
}

/// <summary>type "dailyActivity": id = "day:{yyyy-MM-dd}".</summary>
public sealed class DailyActivityDocument : CosmosDocument
{
    [JsonPropertyName("type")] public string Type { get; set; } = "dailyActivity";
    [JsonPropertyName("day")] public string Day { get; set; } = "";
    [JsonPropertyName("counts")] public Dictionary<string, long> Counts { get; set; } = [];
    [JsonPropertyName("createdAt")] public string CreatedAt { get; set; } = "";
}

/// <summary>type "erasure" in partition "erasure-jobs": id = the erased account's id.</summary>
public sealed class ErasureJobDocument : CosmosDocument
{
    [JsonPropertyName("type")] public string Type { get; set; } = "erasure";
    [JsonPropertyName("requestedAt")] public string RequestedAt { get; set; } = "";
    [JsonPropertyName("lastAttemptAt")] public string? LastAttemptAt { get; set; }
    /// <summary>coalesce(lastAttemptAt, requestedAt), so the sweep's query needs no function.</summary>
    [JsonPropertyName("dueAt")] public string DueAt { get; set; } = "";
    [JsonPropertyName("attempts")] public int Attempts { get; set; }
    [JsonPropertyName("completedAt")] public string? CompletedAt { get; set; }
    [JsonPropertyName("done")] public bool Done { get; set; }
}
