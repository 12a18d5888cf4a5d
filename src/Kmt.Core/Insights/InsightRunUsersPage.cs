namespace Kmt.Core.Insights;

/// <summary>A page of users' parts of one run; <see cref="Next"/> is the user id to list after, or null at the end.</summary>
public sealed record InsightRunUsersPage(string RunId, IReadOnlyList<InsightRun> Users, string? Next);
