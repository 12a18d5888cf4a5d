namespace Kmt.Core.Accounts;

/// <summary>Configuration section "Kmt:Auth".</summary>
public sealed class AuthOptions
{
    public const string Section = "Kmt:Auth";

    public string Issuer { get; set; } = "kmt";

    public string Audience { get; set; } = "kmt-api";

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(30);

    public TimeSpan ResetTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>PBKDF2-HMAC-SHA256 iterations for new hashes (OWASP 2023: 600,000). Stored per hash, so raising it later is safe.</summary>
    public int PasswordIterations { get; set; } = 600_000;

    public int PasswordMinLength { get; set; } = 8;

    public int PasswordMaxLength { get; set; } = 128;

    /// <summary>RSA private key (PEM) for signing access tokens (RS256). Empty: <see cref="ISigningKeySource"/> provides one.</summary>
    public string? SigningKeyPem { get; set; }
}

/// <summary>
/// Where the access-token signing key comes from when configuration holds none: locally a key
/// generated once and kept in the data folder; in Azure a Key Vault secret.
/// </summary>
public interface ISigningKeySource
{
    string GetPrivateKeyPem();
}
