namespace Kmt.Core.Tags;

/// <summary>One tag of a renamed subtree: its id, the name it has and the name it gets.</summary>
public sealed record TagMove(string TagId, string From, string To);
