namespace Kmt.Core.Notifications;

/// <summary>
/// One notification in a person's feed. <see cref="Id"/> is derived from (user, <see cref="DedupeKey"/>)
/// (<see cref="NotificationIds"/>), so publishing the same insight again finds the stored one instead
/// of adding a second (docs/design/person-view.md, "Notifications").
/// </summary>
public sealed record Notification
{
    public required string Id { get; init; }

    public required string UserId { get; init; }

    /// <summary>What makes two notifications the same, e.g. "importance:{itemId}".</summary>
    public required string DedupeKey { get; init; }

    /// <summary>The insight kind (<see cref="NotificationKinds"/>).</summary>
    public required string Kind { get; init; }

    public required string Title { get; init; }

    public required string Body { get; init; }

    /// <summary>A path in the app the notification opens (e.g. "/api/v1/knowledge/{id}"), or null.</summary>
    public string? Link { get; init; }

    /// <summary>The insight it reports, as "{kind}:{run}:{id}" or similar; null when it reports none.</summary>
    public string? InsightRef { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? ReadAt { get; init; }

    /// <summary>When an e-mail digest took it (it is never in a second digest).</summary>
    public DateTimeOffset? DigestedAt { get; init; }
}
