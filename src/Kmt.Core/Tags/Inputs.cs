namespace Kmt.Core.Tags;

/// <summary>The body of POST tags and PUT tags/{id} (PUT replaces: a missing color resets to the default).</summary>
public sealed record TagInput(string? Name, string? Color);

public sealed record TagWithCount(Tag Tag, int ItemCount);
