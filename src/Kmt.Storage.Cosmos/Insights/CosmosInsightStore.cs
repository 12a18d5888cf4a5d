using System.Text.Json.Serialization;
using Kmt.Core.Insights.Discovery;
using Microsoft.Azure.Cosmos;
using static Kmt.Storage.Cosmos.CosmosOperations;

namespace Kmt.Storage.Cosmos.Insights;

/// <summary>
/// Insights and feedback in container insights (partition /userId), beside the runs: an insight is
/// document "insight:{id}" (type "insight"), a feedback "feedback:{id}" (type "feedback"). Lists are
/// single-partition queries sorted here (a person holds tens of insights of a kind, not thousands);
/// a status change is a replace conditional on the system ETag read with it and on the insight's own etag.
/// </summary>
public sealed class CosmosInsightStore(CosmosDatabase database) : IInsightStore
{
    public async Task UpsertAsync(string userId, IReadOnlyList<InsightRecord> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        var container = await ContainerAsync(cancellationToken).ConfigureAwait(false);
        foreach (var record in records)
        {
            if (record.UserId != userId)
            {
                throw new ArgumentException("Every record must belong to the user.", nameof(records));
            }

            await CosmosOperations.UpsertAsync(container, ToDocument(record), userId, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<InsightRecord>> ListAsync(string userId, string kind, CancellationToken cancellationToken)
    {
        var container = await ContainerAsync(cancellationToken).ConfigureAwait(false);
        var query = new QueryDefinition("SELECT * FROM c WHERE c.userId = @u AND c.type = 'insight' AND c.kind = @k").WithParameter("@u", userId).WithParameter("@k", kind);
        var documents = await QueryAsync<InsightDocument>(container, query, userId, null, cancellationToken).ConfigureAwait(false);
        return documents.Select(ToRecord).OrderByDescending(r => r.Score).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();
    }

    public async Task<InsightRecord?> GetAsync(string userId, string id, CancellationToken cancellationToken)
    {
        var container = await ContainerAsync(cancellationToken).ConfigureAwait(false);
        var document = await ReadAsync<InsightDocument>(container, "insight:" + id, userId, cancellationToken).ConfigureAwait(false);
        return document is null ? null : ToRecord(document);
    }

    public async Task<bool> ReplaceAsync(InsightRecord record, string expectedETag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var container = await ContainerAsync(cancellationToken).ConfigureAwait(false);
        var current = await ReadAsync<InsightDocument>(container, "insight:" + record.Id, record.UserId, cancellationToken).ConfigureAwait(false);
        if (current is null || current.ETag != expectedETag)
        {
            return false;
        }

        try
        {
            return await TryReplaceAsync(container, ToDocument(record), "insight:" + record.Id, record.UserId, current.SystemETag, "Insight", cancellationToken).ConfigureAwait(false);
        }
        catch (Kmt.Core.Common.KmtException ex) when (ex.Code == Kmt.Core.Common.ErrorCode.NotFound)
        {
            return false; // deleted (the person's data erased) between the read and the write
        }
    }

    public async Task AddFeedbackAsync(InsightFeedback feedback, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(feedback);
        var container = await ContainerAsync(cancellationToken).ConfigureAwait(false);
        var document = new FeedbackDocument
        {
            Id = "feedback:" + feedback.Id,
            UserId = feedback.UserId,
            FeedbackId = feedback.Id,
            InsightType = feedback.InsightType,
            InsightId = feedback.InsightId,
            Feedback = feedback.Feedback,
            CreatedAt = CosmosJson.Time(feedback.CreatedAt),
        };
        await TryCreateAsync(container, document, feedback.UserId, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<InsightFeedback>> ListFeedbackAsync(string userId, CancellationToken cancellationToken)
    {
        var container = await ContainerAsync(cancellationToken).ConfigureAwait(false);
        var query = new QueryDefinition("SELECT * FROM c WHERE c.userId = @u AND c.type = 'feedback'").WithParameter("@u", userId);
        var documents = await QueryAsync<FeedbackDocument>(container, query, userId, null, cancellationToken).ConfigureAwait(false);
        return documents
            .Select(d => new InsightFeedback
            {
                UserId = d.UserId, Id = d.FeedbackId, InsightType = d.InsightType, InsightId = d.InsightId, Feedback = d.Feedback, CreatedAt = CosmosJson.ParseTime(d.CreatedAt),
            })
            .OrderBy(f => f.CreatedAt)
            .ThenBy(f => f.Id, StringComparer.Ordinal)
            .ToList();
    }

    private Task<Container> ContainerAsync(CancellationToken cancellationToken) => database.ContainerAsync(ContainerDefinitions.Insights, cancellationToken);

    private static InsightDocument ToDocument(InsightRecord r) => new()
    {
        Id = "insight:" + r.Id,
        UserId = r.UserId,
        InsightId = r.Id,
        Kind = r.Kind,
        Subject = r.Subject,
        RunId = r.RunId,
        Score = r.Score,
        Status = r.Status,
        Current = r.Current,
        Payload = r.PayloadJson,
        CreatedAt = CosmosJson.Time(r.CreatedAt),
        UpdatedAt = CosmosJson.Time(r.UpdatedAt),
        StatusChangedAt = CosmosJson.Time(r.StatusChangedAt),
        ETag = r.ETag,
    };

    private static InsightRecord ToRecord(InsightDocument d) => new()
    {
        UserId = d.UserId,
        Id = d.InsightId,
        Kind = d.Kind,
        Subject = d.Subject,
        RunId = d.RunId,
        Score = d.Score,
        Status = d.Status,
        Current = d.Current,
        PayloadJson = d.Payload,
        CreatedAt = CosmosJson.ParseTime(d.CreatedAt),
        UpdatedAt = CosmosJson.ParseTime(d.UpdatedAt),
        StatusChangedAt = CosmosJson.ParseTime(d.StatusChangedAt),
        ETag = d.ETag,
    };

    /// <summary>type "insight": id = "insight:{id}"; payload kept as the JSON text Core wrote.</summary>
    internal sealed class InsightDocument : Documents.CosmosDocument
    {
        [JsonPropertyName("type")] public string Type { get; set; } = "insight";
        [JsonPropertyName("insightId")] public string InsightId { get; set; } = "";
        [JsonPropertyName("kind")] public string Kind { get; set; } = "";
        [JsonPropertyName("subject")] public string Subject { get; set; } = "";
        [JsonPropertyName("runId")] public string RunId { get; set; } = "";
        [JsonPropertyName("score")] public double Score { get; set; }
        [JsonPropertyName("status")] public string Status { get; set; } = "";
        [JsonPropertyName("current")] public bool Current { get; set; }
        [JsonPropertyName("payload")] public string Payload { get; set; } = "{}";
        [JsonPropertyName("createdAt")] public string CreatedAt { get; set; } = "";
        [JsonPropertyName("updatedAt")] public string UpdatedAt { get; set; } = "";
        [JsonPropertyName("statusChangedAt")] public string StatusChangedAt { get; set; } = "";
        [JsonPropertyName("etag")] public string ETag { get; set; } = "";
    }

    /// <summary>type "feedback": id = "feedback:{id}".</summary>
    internal sealed class FeedbackDocument : Documents.CosmosDocument
    {
        [JsonPropertyName("type")] public string Type { get; set; } = "feedback";
        [JsonPropertyName("feedbackId")] public string FeedbackId { get; set; } = "";
        [JsonPropertyName("insightType")] public string InsightType { get; set; } = "";
        [JsonPropertyName("insightId")] public string InsightId { get; set; } = "";
        [JsonPropertyName("feedback")] public string Feedback { get; set; } = "";
        [JsonPropertyName("createdAt")] public string CreatedAt { get; set; } = "";
    }
}
