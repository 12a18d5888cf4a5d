namespace Kmt.Core.Graph;

/// <summary>
/// What POST graph/entities/{id}/split did: the entity the name left, the entity that now holds it, and
/// the items whose mentions moved (their records to the survivor closed or re-counted at <see cref="SplitAt"/>).
/// </summary>
public sealed record EntitySplitResult(string EntityId, string SplitEntityId, string Name, string Method, IReadOnlyList<string> MovedItems, DateTimeOffset SplitAt);
