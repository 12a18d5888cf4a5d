namespace Kmt.Core.Accounts;

/// <summary>Configuration section "Kmt:Auth".</summary>
public sealed class AuthOptions
{
    public const string Section = "Kmt:Auth";

    /// <summary>
    /// Who signs users in: <see cref="AuthModes.Local"/> (KMT's own accounts, passwords and JWTs; the
    /// default) or <see cref="AuthModes.Entra"/> (Microsoft Entra ID bearer tokens, settings "Kmt:Entra").
    /// </summary>
    public string Mode { get; set; } = AuthModes.Local;

    /// <summary>True when <see cref="Mode"/> is Entra (any letter case).</summary>
    public bool IsEntraMode => AuthModes.IsEntra(Mode);

    public string Issuer { get; set; } = "kmt";

    public string Audience { get; set; } = "kmt-api";

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(30);

    public TimeSpan ResetTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// A refresh token presented again this soon after it was exchanged (two tabs refreshing at once, a
    /// response lost on the way) is answered with the same successor instead of being treated as stolen.
    /// Zero turns the grace off.
    /// </summary>
    public TimeSpan RefreshReuseGrace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a request may rely on another request's check that its login and account are active
    /// (<see cref="SessionCheckCache"/>); zero checks on every request. A logout on another instance
    /// takes effect within this time.
    /// </summary>
    public TimeSpan SessionCheckCacheDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the link of an e-mail change (sent to the new address) can be confirmed.</summary>
    public TimeSpan EmailChangeTokenLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>PBKDF2-HMAC-SHA256 iterations for new hashes (OWASP 2023: 600,000). Stored per hash, so raising it later is safe.</summary>
    public int PasswordIterations { get; set; } = 600_000;

    public int PasswordMinLength { get; set; } = 8;

    public int PasswordMaxLength { get; set; } = 128;

    /// <summary>
    /// RSA private key (PEM) that signs new access tokens (RS256). Empty: <see cref="ISigningKeySource"/>
    /// provides the keys. Re-read every <see cref="SigningKeyRefreshInterval"/>, so a rotated key (a new
    /// Key Vault secret version) applies without a restart (docs/design/identity.md, "Signing keys").
    /// </summary>
    public string? SigningKeyPem { get; set; }

    /// <summary>
    /// The key <see cref="SigningKeyPem"/> replaced (PEM), still accepted for verification and published
    /// in the key set, so tokens it signed stay valid on every instance until they expire. Remove it once
    /// <see cref="AccessTokenLifetime"/> has passed since the rotation.
    /// </summary>
    public string? PreviousSigningKeyPem { get; set; }

    /// <summary>How often the signing keys are read again from configuration or the key source.</summary>
    public TimeSpan SigningKeyRefreshInterval { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>The values of <see cref="AuthOptions.Mode"/>.</summary>
public static class AuthModes
{
    public const string Local = "Local";
    public const string Entra = "Entra";

    public const string EntraOnlyMessage = "This KMT instance signs in with Microsoft Entra ID.";

    public static bool IsEntra(string? mode) => string.Equals(mode?.Trim(), Entra, StringComparison.OrdinalIgnoreCase);

    /// <summary>Null, empty and "Local" are local; "Entra" is Entra; anything else is a configuration mistake.</summary>
    public static bool IsKnown(string? mode) =>
        string.IsNullOrWhiteSpace(mode) || IsEntra(mode) || string.Equals(mode.Trim(), Local, StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// Where the access-token signing keys come from when configuration holds none: locally key files in
/// the data folder. Read again on every key refresh (<see cref="AuthOptions.SigningKeyRefreshInterval"/>).
/// </summary>
public interface ISigningKeySource
{
    SigningKeyMaterial Load();
}
