namespace Kmt.Core.Insights.Discovery;

/// <summary>A community of the person's graph (member_of): its name and member entity ids.</summary>
public sealed record GapGraphCommunity(string Id, string Name, IReadOnlyList<string> EntityIds);
