namespace Kmt.Graph.Analytics.Knowledge;

/// <summary>An entity that co-occurs with another, with the co-occurrence weight.</summary>
/// <param name="Id">The related entity's id.</param>
/// <param name="Name">Its preferred surface form.</param>
/// <param name="Weight">The relates_to edge's weight.</param>
public sealed record RelatedEntity(string Id, string Name, double Weight);
