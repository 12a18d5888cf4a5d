namespace Kmt.Graph.Analytics.Knowledge;

/// <summary>One month of activity: the weight of mentions that began in it and how many distinct neighbours they touched.</summary>
/// <param name="Month">The month's first instant (UTC).</param>
/// <param name="Weight">Sum of the weights of the edges that started holding in the month.</param>
/// <param name="Count">Distinct neighbours (items for an entity, active members for a community) in the month.</param>
public sealed record MonthActivity(DateTimeOffset Month, double Weight, int Count);
