using Kmt.Core.Accounts;
using Kmt.Core.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Web;
using Microsoft.Identity.Web.Resource;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Microsoft.IdentityModel.Validators;

namespace Kmt.Azure.Identity;

/// <summary>
/// Entra mode: the bearer token is a Microsoft Entra ID access token for this API. It is validated
/// against the tenant's OpenID metadata (signing keys from its jwks_uri, RS256 only, audience the
/// API's client id, lifetime against the injected clock), its issuer by Microsoft.Identity.Web's
/// issuer validator (which also understands the multi-tenant "{tenantid}" issuer template and checks
/// the issuer's tenant against the token's "tid"), then mapped to the KMT account of its object id
/// (created on the first call) with the role its app roles give.
/// </summary>
/// <remarks>
/// Only delegated tokens (a user signed in, "scp" present) are accepted: an app-only token names a
/// service principal, not a person, and in many tenants any app can obtain one for any API.
/// Every rejection is the same 401; the reason is logged, never returned.
/// </remarks>
public sealed class EntraAccessTokenAuthenticator : IAccessTokenAuthenticator
{
    /// <summary>The named HttpClient used for the metadata and key documents.</summary>
    public const string HttpClientName = "Kmt.Entra";

    /// <summary>Entra's own default tolerance for clock differences.</summary>
    internal static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private const string OidcPath = "/.well-known/openid-configuration";

    private readonly ExternalAccountService _accounts;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<EntraAccessTokenAuthenticator>? _logger;
    private readonly JsonWebTokenHandler _handler = new();
    private readonly ConfigurationManager<OpenIdConnectConfiguration> _metadata;
    private readonly AadIssuerValidator _issuerValidator;
    private readonly string[] _audiences;
    private readonly HashSet<string>? _allowedTenants;
    private readonly string? _premiumRole;
    private readonly string? _adminRole;

    public EntraAccessTokenAuthenticator(
        IOptions<EntraOptions> options,
        ExternalAccountService accounts,
        IHttpClientFactory httpClientFactory,
        TimeProvider timeProvider,
        ILogger<EntraAccessTokenAuthenticator>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        var value = options.Value;
        var (authority, metadataAddress) = Endpoints(value);

        _accounts = accounts;
        _timeProvider = timeProvider;
        _logger = logger;
        _audiences = [value.ClientId!.Trim(), "api://" + value.ClientId!.Trim()];
        _allowedTenants = AllowedTenants(value);
        _premiumRole = Blank(value.RoleMap?.PremiumUser);
        _adminRole = Blank(value.RoleMap?.Admin);

        var metadataUri = new Uri(metadataAddress);
        _metadata = new ConfigurationManager<OpenIdConnectConfiguration>(
            metadataAddress,
            new OpenIdConnectConfigurationRetriever(),
            new HttpDocumentRetriever(httpClientFactory.CreateClient(HttpClientName)) { RequireHttps = !metadataUri.IsLoopback });

        // Microsoft.Identity.Web's factory (the one its JwtBearer integration uses), outside ASP.NET Core:
        // it needs only the options and an IHttpClientFactory. Its validator checks the issuer against
        // the ValidIssuers we give it (the metadata's issuer) first, and fetches the authority's
        // metadata itself only when that fails.
        var factory = new MicrosoftIdentityIssuerValidatorFactory(
            Options.Create(new AadIssuerValidatorOptions { HttpClientName = HttpClientName }), httpClientFactory);
        _issuerValidator = factory.GetAadIssuerValidator(authority);
    }

    public async Task<AuthenticatedUser> AuthenticateAsync(string bearerToken, CancellationToken cancellationToken)
    {
        var (identity, session) = await ValidateAsync(bearerToken, cancellationToken)
            ?? throw KmtException.Unauthorized(AuthService.InvalidAccessTokenMessage);

        var user = await _accounts.ResolveAsync(identity, cancellationToken);
        return new AuthenticatedUser(user.Id, user.Role, session);
    }

    /// <summary>The identity and session of a valid token, or null (the reason is logged).</summary>
    private async Task<(ExternalIdentity Identity, string Session)?> ValidateAsync(string? token, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (string.IsNullOrWhiteSpace(token) || token.Length > TokenValidationParameters.DefaultMaximumTokenSizeInBytes)
        {
            return null;
        }

        // An unreachable metadata endpoint is our outage, not the caller's bad token: it surfaces as a
        // 500 (logged by the error middleware), so clients do not start signing in again in a loop.
        var configuration = await _metadata.GetConfigurationAsync(cancellationToken).ConfigureAwait(false);
        var result = await _handler.ValidateTokenAsync(token, Parameters(configuration)).ConfigureAwait(false);

        if (result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            // Entra rolls its keys over: fetch the metadata again (the manager rate-limits refreshes) and retry once.
            _metadata.RequestRefresh();
            var refreshed = await _metadata.GetConfigurationAsync(cancellationToken).ConfigureAwait(false);
            if (!ReferenceEquals(refreshed, configuration))
            {
                result = await _handler.ValidateTokenAsync(token, Parameters(refreshed)).ConfigureAwait(false);
            }
        }

        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt)
        {
            Reject(result.Exception?.GetType().Name ?? "invalid token");
            return null;
        }

        if (jwt.Alg != SecurityAlgorithms.RsaSha256)
        {
            return Reject("algorithm " + jwt.Alg);
        }

        if (!TryGuid(jwt, "tid", out var tenantId) || !TryGuid(jwt, "oid", out var objectId))
        {
            return Reject("tid or oid missing or not a GUID");
        }

        if (_allowedTenants is not null && !_allowedTenants.Contains(tenantId))
        {
            return Reject("tenant not allowed");
        }

        if (string.IsNullOrWhiteSpace(Claim(jwt, "scp")))
        {
            return Reject("app-only token (no scp)");
        }

        var identity = new ExternalIdentity(
            Subject: $"entra|{tenantId}|{objectId}",
            Role: RoleOf(jwt),
            Email: EmailOf(jwt) ?? $"{objectId}@{tenantId}.entra",
            FirstName: Name(Claim(jwt, "given_name") ?? (Claim(jwt, "family_name") is null ? Claim(jwt, "name") : null)),
            LastName: Name(Claim(jwt, "family_name")));
        var session = Claim(jwt, "sid") ?? Claim(jwt, "uti") ?? "token";
        return (identity, "entra:" + session);
    }

    private TokenValidationParameters Parameters(OpenIdConnectConfiguration configuration) => new()
    {
        ValidAudiences = _audiences,
        ValidIssuers = [configuration.Issuer],
        IssuerValidator = _issuerValidator.Validate,
        IssuerSigningKeys = configuration.SigningKeys,
        TryAllIssuerSigningKeys = false,
        ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        ValidateIssuer = true,
        ValidateAudience = true,
        ValidateLifetime = true,
        ValidateIssuerSigningKey = true,
        ClockSkew = ClockSkew,

        LifetimeValidator = TokenLifetime.Validator(_timeProvider, ClockSkew),
    };

    /// <summary>The highest KMT role the token's app roles give.</summary>
    private string RoleOf(JsonWebToken jwt)
    {
        var roles = jwt.Claims.Where(c => c.Type == "roles").Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        if (_adminRole is not null && roles.Contains(_adminRole))
        {
            return Roles.Admin;
        }

        return _premiumRole is not null && roles.Contains(_premiumRole) ? Roles.PremiumUser : Roles.User;
    }

    private static string? EmailOf(JsonWebToken jwt)
    {
        foreach (var type in (string[])["email", "preferred_username", "upn"])
        {
            var value = Claim(jwt, type);
            if (value is { Length: <= 255 } && value.Contains('@', StringComparison.Ordinal) && !value.Any(char.IsWhiteSpace)
                && !value.Any(char.IsControl))
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>A display name part: trimmed, no control characters, at most 100 characters, null when blank.</summary>
    private static string? Name(string? value)
    {
        var cleaned = value is null ? null : new string(value.Where(c => !char.IsControl(c)).ToArray()).Trim();
        return string.IsNullOrEmpty(cleaned) ? null : cleaned.Length > 100 ? cleaned[..100] : cleaned;
    }

    private static string? Claim(JsonWebToken jwt, string type) =>
        jwt.TryGetPayloadValue<string>(type, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private static bool TryGuid(JsonWebToken jwt, string type, out string value)
    {
        var ok = Guid.TryParse(Claim(jwt, type), out var guid);
        value = ok ? guid.ToString("D") : "";
        return ok && guid != Guid.Empty;
    }

    private (ExternalIdentity, string)? Reject(string reason)
    {
        _logger?.LogInformation("Entra access token rejected: {Reason}.", reason);
        return null;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>The authority (for the issuer validator) and the metadata address the options name.</summary>
    internal static (string Authority, string MetadataAddress) Endpoints(EntraOptions options)
    {
        Validate(options);
        var authority = $"{options.Instance.Trim().TrimEnd('/')}/{options.TenantId!.Trim()}/v2.0";
        if (string.IsNullOrWhiteSpace(options.MetadataAddress))
        {
            return (authority, authority + OidcPath);
        }

        // An overridden metadata document (a sovereign cloud's, or a test's on loopback): the issuer
        // validator's own fallback fetch goes to the same place rather than to the public cloud.
        var metadata = options.MetadataAddress.Trim();
        return metadata.EndsWith(OidcPath, StringComparison.OrdinalIgnoreCase)
            ? (metadata[..^OidcPath.Length], metadata)
            : (authority, metadata);
    }

    /// <summary>Throws InvalidOperationException naming the first missing or malformed setting.</summary>
    internal static void Validate(EntraOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.TenantId) || string.IsNullOrWhiteSpace(options.ClientId))
        {
            throw new InvalidOperationException($"Entra mode needs {EntraOptions.Section}:TenantId and {EntraOptions.Section}:ClientId.");
        }

        if (!Uri.TryCreate(options.Instance?.Trim(), UriKind.Absolute, out var instance) || instance.Scheme != Uri.UriSchemeHttps)
        {
            throw new InvalidOperationException($"{EntraOptions.Section}:Instance must be an absolute https URL.");
        }

        if (!string.IsNullOrWhiteSpace(options.MetadataAddress)
            && (!Uri.TryCreate(options.MetadataAddress.Trim(), UriKind.Absolute, out var metadata)
                || !(metadata.Scheme == Uri.UriSchemeHttps || (metadata.Scheme == Uri.UriSchemeHttp && metadata.IsLoopback))))
        {
            throw new InvalidOperationException($"{EntraOptions.Section}:MetadataAddress must be an absolute https URL (http only on loopback).");
        }

        if (AllowedTenants(options) is { } allowed && allowed.Count == 0)
        {
            throw new InvalidOperationException($"{EntraOptions.Section}:AllowedTenants must hold tenant ids (GUIDs).");
        }
    }

    /// <summary>
    /// The tenants whose tokens are accepted, or null for any (issuer validation still applies):
    /// AllowedTenants when set, else TenantId when it is a tenant id.
    /// </summary>
    private static HashSet<string>? AllowedTenants(EntraOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.AllowedTenants))
        {
            var parts = options.AllowedTenants.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return parts.All(p => Guid.TryParse(p, out _))
                ? parts.Select(p => Guid.Parse(p).ToString("D")).ToHashSet(StringComparer.Ordinal)
                : [];
        }

        return Guid.TryParse(options.TenantId?.Trim(), out var tenant) ? [tenant.ToString("D")] : null;
    }
}
