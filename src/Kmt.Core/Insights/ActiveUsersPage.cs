namespace Kmt.Core.Insights;

/// <summary>
/// One page of active user ids, in id order; <see cref="After"/> is where the next page starts, or
/// null on the last page.
/// </summary>
public sealed record ActiveUsersPage(IReadOnlyList<string> UserIds, string? After);
