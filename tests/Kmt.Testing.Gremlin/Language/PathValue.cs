namespace Kmt.Testing.Gremlin.Language;

/// <summary>The result of path(): written as {"labels": [[...]], "objects": [...]}.</summary>
public sealed record PathValue(IReadOnlyList<IReadOnlyList<string>> Labels, IReadOnlyList<object?> Objects);
