using System.Text.Json;
using Kmt.Core.Accounts;
using Kmt.Core.Common;
using Microsoft.Extensions.Options;

namespace Kmt.Core.Insights.Discovery;

/// <summary>
/// A person's dormant discoveries, gaps and recommendations as the API serves them (docs/api.md,
/// "Insights"): the current ones (the latest run found them) that are not dismissed, best first;
/// status changes; feedback (kept as training labels; "dismiss" and "applied" also set the status).
/// Another person's ids are NOT_FOUND.
/// </summary>
public sealed class InsightService(IInsightStore store, DiscoveryInputReader reader, IOptions<DiscoveryOptions> options, TimeProvider time)
{
    public Task<IReadOnlyList<InsightView<DormantPayload>>> ListDormantAsync(AuthenticatedUser caller, string? limit, CancellationToken cancellationToken) =>
        ListAsync<DormantPayload>(caller, InsightKinds.Dormant, limit, cancellationToken);

    public Task<IReadOnlyList<InsightView<GapPayload>>> ListGapsAsync(AuthenticatedUser caller, string? limit, CancellationToken cancellationToken) =>
        ListAsync<GapPayload>(caller, InsightKinds.Gap, limit, cancellationToken);

    public Task<IReadOnlyList<InsightView<ContentPayload>>> ListContentAsync(AuthenticatedUser caller, string? limit, CancellationToken cancellationToken) =>
        ListAsync<ContentPayload>(caller, InsightKinds.Content, limit, cancellationToken);

    /// <summary>
    /// The learning paths of the latest run; with <paramref name="topic"/>, the one for that topic (a tag
    /// path or a term, case-insensitive), built from the person's items now when the run made none.
    /// </summary>
    public async Task<IReadOnlyList<InsightView<LearningPayload>>> ListLearningAsync(AuthenticatedUser caller, string? topic, string? limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var paths = await ListAsync<LearningPayload>(caller, InsightKinds.Learning, limit, cancellationToken);
        if (topic is null)
        {
            return paths;
        }

        var wanted = topic.Trim();
        if (wanted.Length is 0 or > 200)
        {
            throw new ValidationException("topic", "Give a topic of 1 to 200 characters (a tag such as \"science/physics\" or a searched term).");
        }

        var stored = paths.Where(p => Names(p.Payload.Topic, p.Payload.Name, wanted)).ToList();
        if (stored.Count > 0)
        {
            return stored;
        }

        var now = time.GetUtcNow();
        var input = await reader.ReadAsync(caller.UserId, null, now, cancellationToken);
        var match = Topic.Of(input).FirstOrDefault(t => Names(t.Key, t.Name, wanted)) ?? new Topic("term:" + wanted.ToLowerInvariant(), wanted, wanted, null);
        if (RecommendationRules.Path(match, input, options.Value) is not { } path)
        {
            return [];
        }

        var record = new InsightRecord
        {
            UserId = caller.UserId, Id = InsightIds.For(caller.UserId, InsightKinds.Learning, match.Key), Kind = InsightKinds.Learning, Subject = match.Key, RunId = "",
            Score = 0, Status = InsightStatuses.New, Current = false, PayloadJson = "{}", CreatedAt = now, UpdatedAt = now, StatusChangedAt = now, ETag = "",
        };
        return [new InsightView<LearningPayload>(record, path)];
    }

    /// <summary>Sets the status of the caller's dormant discovery or gap (viewed, applied or dismissed); If-Match when given must match.</summary>
    public async Task<InsightRecord> SetStatusAsync(AuthenticatedUser caller, string kind, string id, string? status, string? ifMatch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (status is null || !InsightStatuses.Settable.Contains(status))
        {
            throw new ValidationException("status", $"status must be one of: {string.Join(", ", InsightStatuses.Settable)}.");
        }

        var record = await RequireAsync(caller, kind, id, cancellationToken);
        if (ifMatch is not null && !ETags.Matches(record.ETag, ifMatch))
        {
            throw KmtException.PreconditionFailed();
        }

        return await ChangeStatusAsync(record, status, cancellationToken);
    }

    /// <summary>Stores the feedback (a new label each time) and applies "dismiss" and "applied" to the insight's status.</summary>
    public async Task<InsightFeedback> AddFeedbackAsync(AuthenticatedUser caller, FeedbackInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<FieldError>();
        if (input.InsightType is null || !InsightKinds.All.Contains(input.InsightType))
        {
            errors.Add(new FieldError("insight_type", $"insight_type must be one of: {string.Join(", ", InsightKinds.All)}."));
        }

        if (string.IsNullOrEmpty(input.InsightId))
        {
            errors.Add(new FieldError("insight_id", "insight_id is required."));
        }

        if (input.Feedback is null || !FeedbackValues.All.Contains(input.Feedback))
        {
            errors.Add(new FieldError("feedback", $"feedback must be one of: {string.Join(", ", FeedbackValues.All)}."));
        }

        if (errors.Count > 0)
        {
            throw new ValidationException(errors);
        }

        var record = await RequireAsync(caller, input.InsightType!, input.InsightId!, cancellationToken);
        var feedback = new InsightFeedback
        {
            UserId = caller.UserId, Id = Ids.New(), InsightType = record.Kind, InsightId = record.Id, Feedback = input.Feedback!, CreatedAt = time.GetUtcNow(),
        };
        await store.AddFeedbackAsync(feedback, cancellationToken);
        var status = input.Feedback switch
        {
            FeedbackValues.Dismiss => InsightStatuses.Dismissed,
            FeedbackValues.Applied => InsightStatuses.Applied,
            _ => record.Status == InsightStatuses.New ? InsightStatuses.Viewed : null,
        };
        if (status is not null && status != record.Status)
        {
            await ChangeStatusAsync(record, status, cancellationToken);
        }

        return feedback;
    }

    private async Task<InsightRecord> ChangeStatusAsync(InsightRecord record, string status, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var changed = record with { Status = status, StatusChangedAt = status == record.Status ? record.StatusChangedAt : now, UpdatedAt = now, ETag = ETags.New() };
        if (!await store.ReplaceAsync(changed, record.ETag, cancellationToken))
        {
            throw KmtException.PreconditionFailed(); // a run or another client changed it since it was read
        }

        return changed;
    }

    private async Task<InsightRecord> RequireAsync(AuthenticatedUser caller, string kind, string id, CancellationToken cancellationToken)
    {
        var record = string.IsNullOrEmpty(id) || id.Length > InsightIds.Length ? null : await store.GetAsync(caller.UserId, id, cancellationToken);
        return record is not null && record.Kind == kind && record.UserId == caller.UserId ? record : throw KmtException.NotFound("Insight");
    }

    private async Task<IReadOnlyList<InsightView<T>>> ListAsync<T>(AuthenticatedUser caller, string kind, string? limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var max = Math.Max(1, options.Value.MaxListed);
        var take = max;
        if (!string.IsNullOrEmpty(limit) && (!int.TryParse(limit, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out take) || take < 1 || take > max))
        {
            throw new ValidationException("limit", $"limit must be a whole number from 1 to {max}.");
        }

        var records = await store.ListAsync(caller.UserId, kind, cancellationToken);
        return records.Where(r => r.Current && r.Status != InsightStatuses.Dismissed)
            .Take(take)
            .Select(r => new InsightView<T>(r, JsonSerializer.Deserialize<T>(r.PayloadJson, DiscoveryPipelineService.Json)!))
            .ToList();
    }

    private static bool Names(string key, string name, string wanted) =>
        string.Equals(name, wanted, StringComparison.OrdinalIgnoreCase)
        || string.Equals(key, "tag:" + wanted, StringComparison.OrdinalIgnoreCase)
        || string.Equals(key, "term:" + wanted, StringComparison.OrdinalIgnoreCase)
        || string.Equals(key, wanted, StringComparison.OrdinalIgnoreCase);
}
