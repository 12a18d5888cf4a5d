using Kmt.Core.Accounts;
using Kmt.Core.Knowledge;
using Kmt.Core.Uploads;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Kmt.Core.Realtime;

/// <summary>
/// The use case behind real-time updates: builds the messages of docs/api.md ("Real-time") where things
/// happen (ingestion, knowledge writes, insights, notifications) and hands them to the one
/// <see cref="IRealtimePublisher"/>; and negotiates a caller's connection.
/// </summary>
/// <remarks>
/// Publishing is best effort: the write that caused a message has already happened, so a failed or slow
/// publish is logged and swallowed (bounded by <see cref="RealtimeOptions.PublishTimeout"/>). Clients
/// re-read what they show after reconnecting, so a lost message costs freshness, never data.
/// </remarks>
public sealed class RealtimeEvents(
    IRealtimePublisher publisher,
    IRealtimeNegotiator negotiator,
    IOptions<RealtimeOptions> options,
    TimeProvider timeProvider,
    ILogger<RealtimeEvents>? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger<RealtimeEvents>.Instance;

    /// <summary>The caller's connection address and token (GET api/v1/realtime/negotiate).</summary>
    public Task<RealtimeConnectionInfo> NegotiateAsync(AuthenticatedUser caller, Uri requestOrigin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return negotiator.NegotiateAsync(caller.UserId, requestOrigin, cancellationToken);
    }

    /// <summary>An upload's status changed (ingestion).</summary>
    public Task UploadStatusChangedAsync(Upload upload)
    {
        ArgumentNullException.ThrowIfNull(upload);
        return PublishAsync(upload.UserId, RealtimeChannels.Uploads, RealtimeChannels.UploadStatus, new UploadStatusData(
            upload.Id, upload.FileName, upload.Status.ToString().ToLowerInvariant(), upload.Reason, upload.KnowledgeItemId));
    }

    /// <summary>An item was created, replaced, trashed, restored or erased (so other devices refresh it).</summary>
    public Task ItemChangedAsync(string userId, string itemId, string change, KnowledgeItem? item = null) =>
        PublishAsync(userId, RealtimeChannels.Items, RealtimeChannels.ItemChanged, new ItemChangedData(itemId, change, item?.Title, item?.ETag));

    /// <summary>The hook for insights: a new insight for the user (<paramref name="data"/> is what the insights API returns for it).</summary>
    public Task NewInsightAsync(string userId, object data) => PublishAsync(userId, RealtimeChannels.Insights, RealtimeChannels.NewInsight, data);

    /// <summary>The hook for predictions (retention, importance) that changed.</summary>
    public Task PredictionUpdatedAsync(string userId, object data) => PublishAsync(userId, RealtimeChannels.Insights, RealtimeChannels.PredictionUpdate, data);

    /// <summary>The hook for notifications.</summary>
    public Task NotificationAsync(string userId, object data) => PublishAsync(userId, RealtimeChannels.Notifications, RealtimeChannels.Notification, data);

    /// <summary>Sends one message to one user's connections; never throws for a delivery failure.</summary>
    public async Task PublishAsync(string userId, string channel, string type, object data)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var message = new RealtimeMessage(type, channel, data, timeProvider.GetUtcNow());
        using var timeout = new CancellationTokenSource(options.Value.PublishTimeout);
        try
        {
            await publisher.PublishAsync(userId, message, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _logger.LogWarning(e, "Real-time {Type} on {Channel} for user {UserId} was not delivered", type, channel, userId);
        }
    }

    /// <summary>data of upload_status.</summary>
    public sealed record UploadStatusData(string UploadId, string FileName, string Status, string? Reason, string? KnowledgeItemId);

    /// <summary>data of item_changed: change is created | replaced | deleted | restored | erased.</summary>
    public sealed record ItemChangedData(string ItemId, string Change, string? Title, string? ETag);
}
