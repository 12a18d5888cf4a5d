namespace Kmt.Functions.Apis.Model;

/// <summary>One purpose: granted or not, when it was last given and last withdrawn.</summary>
public sealed record ConsentPurposeResponse(bool Granted, DateTimeOffset? GivenAt, DateTimeOffset? WithdrawnAt);
