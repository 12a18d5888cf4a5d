namespace Kmt.Graph.Analytics;

/// <summary>PageRank scores per dense node index (they sum to 1) and the iterations it took.</summary>
public sealed record PageRankResult(double[] Scores, int Iterations);
