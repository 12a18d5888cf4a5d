namespace Kmt.Azure.Identity;

/// <summary>Configuration section "Kmt:Entra": the Microsoft Entra ID app registration of the API (Entra mode).</summary>
public sealed class EntraOptions
{
    public const string Section = "Kmt:Entra";

    /// <summary>The cloud's sign-in host, e.g. https://login.microsoftonline.com/ (public cloud).</summary>
    public string Instance { get; set; } = "https://login.microsoftonline.com/";

    /// <summary>
    /// The directory (tenant) id. A tenant id accepts that tenant's users only; "organizations" or
    /// "common" accepts users of any tenant, narrowed by <see cref="AllowedTenants"/> when set.
    /// </summary>
    public string? TenantId { get; set; }

    /// <summary>The API's application (client) id; tokens must be for it ("aud" = the id or "api://{id}").</summary>
    public string? ClientId { get; set; }

    /// <summary>
    /// The OpenID Connect metadata document; empty: {Instance}{TenantId}/v2.0/.well-known/openid-configuration.
    /// Must be https, except on loopback (tests).
    /// </summary>
    public string? MetadataAddress { get; set; }

    /// <summary>
    /// Tenant ids whose users may sign in, separated by commas, semicolons or spaces. Empty: the
    /// <see cref="TenantId"/> when it is a tenant id, any tenant when it is "organizations" or "common".
    /// </summary>
    public string? AllowedTenants { get; set; }

    /// <summary>Which Entra app role (the "roles" claim) gives which KMT role.</summary>
    public EntraRoleMap RoleMap { get; set; } = new();
}

/// <summary>
/// App role values (as defined in the app registration) that give KMT's roles; a user with neither
/// is a plain user, one with both is an admin. Keyed by KMT role rather than by app role value so
/// the settings' names need no dots (Linux app settings turn dots into underscores).
/// </summary>
public sealed class EntraRoleMap
{
    /// <summary>The app role that makes a premium_user.</summary>
    public string? PremiumUser { get; set; } = "KMT.Premium";

    /// <summary>The app role that makes an admin.</summary>
    public string? Admin { get; set; } = "KMT.Admin";
}
