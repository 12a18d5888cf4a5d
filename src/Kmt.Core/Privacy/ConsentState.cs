namespace Kmt.Core.Privacy;

/// <summary>One purpose: granted or not, and when it was last given and last withdrawn.</summary>
public sealed record ConsentState(string Purpose, bool Granted, DateTimeOffset? GivenAt, DateTimeOffset? WithdrawnAt);
