namespace Kmt.Core.Graph;

/// <summary>
/// A derived edge one of the nightly graph steps (similar_to, co_read, member_of) wants to hold now:
/// its endpoints, weight, count and evidence items. <see cref="DerivedEdgeDiff"/> turns the wanted
/// set into a bi-temporal write against the current records.
/// </summary>
public sealed record WantedEdge(string FromId, string ToId, double Weight, int? Count, IReadOnlyList<string> Evidence);
