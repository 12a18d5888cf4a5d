using Kmt.Core.Common;
using Kmt.Core.Notifications;
using Kmt.Functions.Apis.Model;
using Kmt.Functions.Http;
using Kmt.Functions.Middleware;
using Kmt.Functions.OpenApi;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace Kmt.Functions.Apis;

/// <summary>api/v1/notifications: the in-app feed, preferences and Web Push subscriptions (docs/api.md, "Notifications").</summary>
[RateLimited(RateLimitPolicy.Knowledge)]
public sealed class NotificationFunctions(NotificationService notifications, NotificationSettingsService settings, IOptions<KmtLimits> limits)
{
    private long MaxBody => limits.Value.MaxRequestBodyBytes;

    /// <summary>Newest first; page, per_page, unread=true.</summary>
    [ApiQuery("page", "per_page", "unread"), ApiResponse(200, typeof(NotificationResponse), Paged = true)]
    [Function("Notifications_List")]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/notifications")] HttpRequest req, FunctionContext context, CancellationToken ct) =>
        ApiResult.Paged(await notifications.ListAsync(context.GetCaller(), req.Query["page"], req.Query["per_page"], req.Query["unread"], ct), NotificationResponse.From);

    [ApiResponse(200, typeof(NotificationResponse))]
    [Function("Notifications_MarkRead")]
    public async Task<IActionResult> MarkRead(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/notifications/{id}/read")] HttpRequest req, string id, FunctionContext context, CancellationToken ct) =>
        ApiResult.Ok(NotificationResponse.From(await notifications.MarkReadAsync(context.GetCaller(), id, ct)));

    [ApiResponse(200, Description = "{\"marked\": n}")]
    [Function("Notifications_MarkAllRead")]
    public async Task<IActionResult> MarkAllRead(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/notifications/read-all")] HttpRequest req, FunctionContext context, CancellationToken ct) =>
        ApiResult.Ok(new { marked = await notifications.MarkAllReadAsync(context.GetCaller(), ct) });

    [ApiResponse(200, typeof(NotificationPreferencesResponse))]
    [Function("Notifications_GetPreferences")]
    public async Task<IActionResult> GetPreferences(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/notifications/preferences")] HttpRequest req, FunctionContext context, CancellationToken ct) =>
        Preferences(await settings.GetPreferencesAsync(context.GetCaller(), ct));

    /// <summary>Replaces every preference (a missing field takes its default); If-Match honoured when sent.</summary>
    [ApiResponse(200, typeof(NotificationPreferencesResponse))]
    [Function("Notifications_ReplacePreferences")]
    public async Task<IActionResult> ReplacePreferences(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/notifications/preferences")] HttpRequest req, FunctionContext context, CancellationToken ct) =>
        Preferences(await settings.ReplacePreferencesAsync(context.GetCaller(), await req.ReadJsonAsync<NotificationPreferencesInput>(MaxBody, ct), IfMatch.Value(req), ct));

    /// <summary>The VAPID public key for the browser's pushManager.subscribe (applicationServerKey).</summary>
    [ApiResponse(200, Description = "{\"public_key\": \"...\"}")]
    [Function("Notifications_PushKey")]
    public IActionResult PushKey(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/notifications/push-key")] HttpRequest req, FunctionContext context) =>
        ApiResult.Ok(new { public_key = settings.GetPushPublicKey(context.GetCaller()) });

    [ApiResponse(201, typeof(PushSubscriptionResponse))]
    [Function("Notifications_Subscribe")]
    public async Task<IActionResult> Subscribe(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/notifications/push-subscriptions")] HttpRequest req, FunctionContext context, CancellationToken ct)
    {
        var subscription = await settings.SubscribeAsync(context.GetCaller(), await req.ReadJsonAsync<PushSubscriptionInput>(MaxBody, ct), ct);
        return ApiResult.Created(PushSubscriptionResponse.From(subscription), "/api/v1/notifications/push-subscriptions");
    }

    [ApiResponse(200, Description = "{\"deleted\": true}")]
    [Function("Notifications_Unsubscribe")]
    public async Task<IActionResult> Unsubscribe(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/notifications/push-subscriptions")] HttpRequest req, FunctionContext context, CancellationToken ct)
    {
        await settings.UnsubscribeAsync(context.GetCaller(), await req.ReadJsonAsync<PushUnsubscribeInput>(MaxBody, ct), ct);
        return ApiResult.Ok(new { deleted = true });
    }

    private static ApiResult Preferences(NotificationPreferences value)
    {
        var result = ApiResult.Ok(NotificationPreferencesResponse.From(value));
        return value.ETag is { } etag ? result.WithETag(etag) : result;
    }
}
