namespace Kmt.Core.Notifications;

/// <summary>What an <see cref="INotificationSource"/> proposes; <see cref="NotificationService.PublishAsync(string, NotificationDraft, System.Threading.CancellationToken)"/> stores it once per (user, <see cref="DedupeKey"/>).</summary>
public sealed record NotificationDraft(string DedupeKey, string Kind, string Title, string Body, string? Link, string? InsightRef);
