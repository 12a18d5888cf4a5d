using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Kmt.Tests.Identity;

/// <summary>
/// A stand-in for Microsoft Entra ID on loopback: a tiny Kestrel app serving the OpenID metadata and
/// the JWKS of a test RSA key, per tenant path as login.microsoftonline.com does, and a minting
/// method for access tokens like Entra's (v2: iss, aud, tid, oid, scp, roles, names, uti).
/// Shared (as a linked file) by Kmt.Azure.Tests and Kmt.EndToEnd.Tests.
/// </summary>
public sealed class EntraTestIssuer : IAsyncDisposable
{
    public const string TenantId = "2b8f3a1e-4c5d-4e6f-8a9b-0c1d2e3f4a5b";
    public const string OtherTenantId = "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a";
    public const string ClientId = "6a1b2c3d-4e5f-4a6b-9c7d-8e9f0a1b2c3d";
    public const string KeyId = "kmt-test-key";

    private readonly WebApplication _app;
    private int _metadataRequests;

    private EntraTestIssuer(WebApplication app, bool templateIssuer)
    {
        _app = app;
        TemplateIssuer = templateIssuer;
    }

    /// <summary>The key the JWKS publishes.</summary>
    public RsaSecurityKey Key { get; } = NewKey(KeyId);

    /// <summary>A key the JWKS does not publish.</summary>
    public RsaSecurityKey UnknownKey { get; } = NewKey("not-published");

    /// <summary>True: the metadata's issuer is the multi-tenant template "…/{tenantid}/v2.0" (as for "organizations").</summary>
    public bool TemplateIssuer { get; }

    public Uri BaseAddress { get; private set; } = null!;

    public int MetadataRequests => Volatile.Read(ref _metadataRequests);

    public string MetadataAddress(string tenant = TenantId) => $"{BaseAddress}{tenant}/v2.0/.well-known/openid-configuration";

    public static string IssuerFor(string tenant) => $"https://login.microsoftonline.com/{tenant}/v2.0";

    public static async Task<EntraTestIssuer> StartAsync(bool templateIssuer = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var issuer = new EntraTestIssuer(app, templateIssuer);

        app.MapGet("/{tenant}/v2.0/.well-known/openid-configuration", (string tenant) =>
        {
            Interlocked.Increment(ref issuer._metadataRequests);
            return Results.Text(issuer.Metadata(tenant), "application/json");
        });
        app.MapGet("/{tenant}/discovery/v2.0/keys", () => Results.Text(issuer.Jwks(), "application/json"));

        await app.StartAsync();
        issuer.BaseAddress = new Uri(app.Urls.First().TrimEnd('/') + "/");
        return issuer;
    }

    /// <summary>An access token signed RS256 with <see cref="Key"/> unless told otherwise.</summary>
    public string Token(TokenSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var claims = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["oid"] = spec.ObjectId,
            ["tid"] = spec.Tenant,
            ["scp"] = "access_as_user",
            ["uti"] = "uti-" + Guid.NewGuid().ToString("N")[..12],
            ["ver"] = "2.0",
        };
        if (spec.Roles.Count > 0)
        {
            claims["roles"] = spec.Roles.ToArray();
        }

        if (spec.Email is not null)
        {
            claims["preferred_username"] = spec.Email;
        }

        claims["name"] = "Ada Lovelace";
        claims["given_name"] = "Ada";
        claims["family_name"] = "Lovelace";
        foreach (var (name, value) in spec.Extra)
        {
            claims[name] = value;
        }

        foreach (var name in spec.Remove)
        {
            claims.Remove(name);
        }

        var now = spec.Now.UtcDateTime;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = spec.Issuer ?? IssuerFor(spec.Tenant),
            Audience = spec.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + spec.Lifetime,
            Claims = claims,
        };

        var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        if (spec.Unsigned)
        {
            return handler.CreateToken(descriptor);
        }

        descriptor.SigningCredentials = new SigningCredentials(spec.SigningKey ?? Key, spec.Algorithm);
        return handler.CreateToken(descriptor);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private string Metadata(string tenant)
    {
        var issuer = TemplateIssuer ? IssuerFor("{tenantid}") : IssuerFor(tenant);
        return JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["issuer"] = issuer,
            ["jwks_uri"] = $"{BaseAddress}{tenant}/discovery/v2.0/keys",
            ["authorization_endpoint"] = $"{BaseAddress}{tenant}/oauth2/v2.0/authorize",
            ["token_endpoint"] = $"{BaseAddress}{tenant}/oauth2/v2.0/token",
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["response_types_supported"] = new[] { "code", "id_token" },
            ["subject_types_supported"] = new[] { "pairwise" },
        });
    }

    private string Jwks()
    {
        var parameters = Key.Rsa.ExportParameters(includePrivateParameters: false);
        return JsonSerializer.Serialize(new
        {
            keys = new[]
            {
                new
                {
                    kty = "RSA",
                    use = "sig",
                    kid = KeyId,
                    n = Base64UrlEncoder.Encode(parameters.Modulus),
                    e = Base64UrlEncoder.Encode(parameters.Exponent),
                },
            },
        });
    }

    private static RsaSecurityKey NewKey(string keyId) => new(RSA.Create(2048)) { KeyId = keyId };
}

/// <summary>What to put in a test token; the defaults make a valid one for <see cref="EntraTestIssuer.TenantId"/>.</summary>
public sealed record TokenSpec
{
    public required DateTimeOffset Now { get; init; }

    public string ObjectId { get; init; } = Guid.NewGuid().ToString();

    public string Tenant { get; init; } = EntraTestIssuer.TenantId;

    /// <summary>Null: the tenant's v2 issuer.</summary>
    public string? Issuer { get; init; }

    public string Audience { get; init; } = EntraTestIssuer.ClientId;

    public TimeSpan Lifetime { get; init; } = TimeSpan.FromHours(1);

    public IReadOnlyList<string> Roles { get; init; } = [];

    public string? Email { get; init; } = "ada@contoso.example";

    public IReadOnlyDictionary<string, object> Extra { get; init; } = new Dictionary<string, object>();

    public IReadOnlyList<string> Remove { get; init; } = [];

    public SecurityKey? SigningKey { get; init; }

    public string Algorithm { get; init; } = SecurityAlgorithms.RsaSha256;

    /// <summary>alg "none", no signature.</summary>
    public bool Unsigned { get; init; }
}
