namespace Kmt.Core.Accounts;

/// <summary>The public half of an RS256 signing key as a JWKS publishes it: key id, modulus and exponent (base64url).</summary>
public sealed record PublicSigningKey(string KeyId, string Modulus, string Exponent);
