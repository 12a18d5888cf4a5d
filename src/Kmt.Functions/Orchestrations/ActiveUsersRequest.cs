namespace Kmt.Functions.Orchestrations;

/// <summary>The input of <see cref="InsightActivities.ListActiveUsers"/>: the page after <paramref name="After"/>, at most <paramref name="Take"/> ids.</summary>
public sealed record ActiveUsersRequest(string? After, int Take);
