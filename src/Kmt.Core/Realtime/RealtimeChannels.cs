namespace Kmt.Core.Realtime;

/// <summary>The channels a message is published on, and the message types (docs/api.md, "Real-time").</summary>
public static class RealtimeChannels
{
    public const string Insights = "insights";
    public const string Notifications = "notifications";
    public const string Analytics = "analytics";
    public const string Uploads = "uploads";
    public const string Items = "items";

    public const string NewInsight = "new_insight";
    public const string PredictionUpdate = "prediction_update";
    public const string UploadStatus = "upload_status";
    public const string ItemChanged = "item_changed";
    public const string Notification = "notification";
}
