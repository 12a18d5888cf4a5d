namespace Kmt.Core.Graph.Connections;

/// <summary>
/// A link the person has not made but probably should: from <see cref="Source"/> (the newer item) to
/// <see cref="Target"/>, scored 0..1, with its evidence. <see cref="Id"/> is derived from the user and the
/// unordered pair (<see cref="ConnectionRecommender.IdFor"/>), so it is the same on every request while the pair is recommended.
/// </summary>
public sealed record ConnectionRecommendation(string Id, ConnectionEnd Source, ConnectionEnd Target, double Score, string RelationshipType, ConnectionEvidence Evidence);
