namespace Kmt.Core.Privacy;

/// <summary>The purposes a person consents to, one by one (docs/api.md, "Consents").</summary>
public static class ConsentPurposes
{
    /// <summary>Tracked events (POST analytics/track) and the reading sessions derived from them.</summary>
    public const string ActivityTracking = "activity_tracking";

    /// <summary>Models that learn from the person's library and activity (insights, when they come).</summary>
    public const string PersonalisedInsights = "personalised_insights";

    /// <summary>Notifications (when they come).</summary>
    public const string Notifications = "notifications";

    public static readonly IReadOnlyList<string> All = [ActivityTracking, PersonalisedInsights, Notifications];

    /// <summary>
    /// What a new account starts with: tracking is what the product does (it is named after it) and is
    /// granted at sign-up; anything beyond (models, notifications) waits for an explicit yes.
    /// </summary>
    public static bool DefaultGranted(string purpose) => purpose == ActivityTracking;
}
