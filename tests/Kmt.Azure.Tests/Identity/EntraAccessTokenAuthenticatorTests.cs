using Kmt.Azure.Identity;
using Kmt.Core;
using Kmt.Core.Accounts;
using Kmt.Core.Common;
using Kmt.Storage.Embedded;
using Kmt.Tests.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Tokens;

namespace Kmt.Azure.Tests.Identity;

/// <summary>
/// Entra mode against a stand-in for Entra ID on loopback (<see cref="EntraTestIssuer"/>): the
/// registrations Kmt.Azure makes, the token checks, and the mapping to KMT accounts on the real
/// embedded store.
/// </summary>
public sealed class EntraAccessTokenAuthenticatorTests : IAsyncLifetime, IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(Now);
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "kmt-entra-tests", Guid.NewGuid().ToString("N"));
    private readonly List<ServiceProvider> _providers = [];
    private EntraTestIssuer _issuer = null!;

    public async Task InitializeAsync() => _issuer = await EntraTestIssuer.StartAsync();

    public async Task DisposeAsync() => await _issuer.DisposeAsync();

    public void Dispose()
    {
        foreach (var provider in _providers)
        {
            provider.Dispose();
        }

        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    [Fact]
    public void Entra_mode_replaces_the_local_authenticator()
    {
        var services = Services(out var provider);

        Assert.IsType<EntraAccessTokenAuthenticator>(provider.GetRequiredService<IAccessTokenAuthenticator>());
        Assert.Single(services, d => d.ServiceType == typeof(IAccessTokenAuthenticator));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Local")]
    [InlineData("local")]
    public void Local_mode_keeps_the_local_authenticator(string? mode)
    {
        var services = new ServiceCollection();
        var configuration = Configuration(new() { ["Kmt:Auth:Mode"] = mode });

        Assert.False(services.AddKmtEntraAuthentication(configuration));
        Assert.Empty(services);
    }

    [Theory]
    [InlineData("Kmt:Auth:Mode", "AzureAD")]
    [InlineData("Kmt:Entra:TenantId", "")]
    [InlineData("Kmt:Entra:ClientId", "")]
    [InlineData("Kmt:Entra:Instance", "http://login.microsoftonline.com/")]
    [InlineData("Kmt:Entra:MetadataAddress", "http://metadata.example/.well-known/openid-configuration")]
    [InlineData("Kmt:Entra:AllowedTenants", "contoso.com")]
    public void Bad_settings_fail_at_startup(string key, string value)
    {
        var settings = EntraSettings();
        settings[key] = value;

        Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddKmtEntraAuthentication(Configuration(settings)));
    }

    [Fact]
    public async Task A_valid_token_creates_the_account_once_and_maps_it()
    {
        var auth = Authenticator(out var provider);
        var oid = Guid.NewGuid().ToString();
        var spec = Spec() with { ObjectId = oid };

        var first = await auth.AuthenticateAsync(_issuer.Token(spec), CancellationToken.None);
        var second = await auth.AuthenticateAsync(_issuer.Token(spec), CancellationToken.None);

        Assert.Equal(first.UserId, second.UserId);
        Assert.Equal(Roles.User, first.Role);
        Assert.StartsWith("entra:uti-", first.SessionFamilyId, StringComparison.Ordinal);

        var users = provider.GetRequiredService<IUserStore>();
        var user = await users.GetAsync(first.UserId, CancellationToken.None);
        Assert.NotNull(user);
        Assert.Equal($"entra|{EntraTestIssuer.TenantId}|{oid}", user.ExternalSubject);
        Assert.Equal("ada@contoso.example", user.Email);
        Assert.Equal(ExternalAccountService.NormalizedEmailFor(user.ExternalSubject!), user.NormalizedEmail);
        Assert.Equal("", user.PasswordHash);
        Assert.Equal(("Ada", "Lovelace"), (user.FirstName, user.LastName));
        Assert.Equal(Now, user.CreatedAt);
        Assert.True(Ids.IsWellFormed(user.Id));
    }

    [Fact]
    public async Task The_same_object_id_in_another_tenant_is_another_account_and_sid_names_the_session()
    {
        await using var templated = await EntraTestIssuer.StartAsync(templateIssuer: true);
        var auth = Authenticator(out _, new()
        {
            ["Kmt:Entra:TenantId"] = "organizations",
            ["Kmt:Entra:MetadataAddress"] = templated.MetadataAddress("organizations"),
            ["Kmt:Entra:AllowedTenants"] = $"{EntraTestIssuer.TenantId}, {EntraTestIssuer.OtherTenantId}",
        });
        var oid = Guid.NewGuid().ToString();

        var home = await auth.AuthenticateAsync(templated.Token(Spec() with { ObjectId = oid, Extra = new Dictionary<string, object> { ["sid"] = "s-1" } }), CancellationToken.None);
        var guest = await auth.AuthenticateAsync(templated.Token(Spec() with { ObjectId = oid, Tenant = EntraTestIssuer.OtherTenantId }), CancellationToken.None);

        Assert.NotEqual(home.UserId, guest.UserId);
        Assert.Equal("entra:s-1", home.SessionFamilyId);
    }

    [Fact]
    public async Task App_roles_map_to_KMT_roles_and_follow_changes()
    {
        var auth = Authenticator(out var provider);
        var spec = Spec();

        var premium = await auth.AuthenticateAsync(_issuer.Token(spec with { Roles = ["KMT.Premium"] }), CancellationToken.None);
        Assert.Equal(Roles.PremiumUser, premium.Role);

        var admin = await auth.AuthenticateAsync(_issuer.Token(spec with { Roles = ["KMT.Premium", "KMT.Admin", "Other"] }), CancellationToken.None);
        Assert.Equal((premium.UserId, Roles.Admin), (admin.UserId, admin.Role));

        var plain = await auth.AuthenticateAsync(_issuer.Token(spec), CancellationToken.None);
        Assert.Equal((premium.UserId, Roles.User), (plain.UserId, plain.Role));
        Assert.Equal(Roles.User, (await provider.GetRequiredService<IUserStore>().GetAsync(plain.UserId, CancellationToken.None))!.Role);
    }

    [Fact]
    public async Task The_role_map_is_configurable()
    {
        var auth = Authenticator(out _, new() { ["Kmt:Entra:RoleMap:PremiumUser"] = "Readers.Plus", ["Kmt:Entra:RoleMap:Admin"] = "" });

        Assert.Equal(Roles.PremiumUser, (await auth.AuthenticateAsync(_issuer.Token(Spec() with { Roles = ["Readers.Plus"] }), CancellationToken.None)).Role);
        Assert.Equal(Roles.User, (await auth.AuthenticateAsync(_issuer.Token(Spec() with { Roles = ["KMT.Premium", "KMT.Admin"] }), CancellationToken.None)).Role);
    }

    [Fact]
    public async Task Audience_may_be_the_client_id_or_its_api_uri()
    {
        var auth = Authenticator(out _);

        await auth.AuthenticateAsync(_issuer.Token(Spec() with { Audience = "api://" + EntraTestIssuer.ClientId }), CancellationToken.None);
    }

    [Fact]
    public async Task Without_an_email_claim_the_account_gets_a_placeholder_address()
    {
        var auth = Authenticator(out var provider);
        var oid = Guid.NewGuid().ToString();

        var caller = await auth.AuthenticateAsync(_issuer.Token(Spec() with { ObjectId = oid, Email = null }), CancellationToken.None);

        var user = await provider.GetRequiredService<IUserStore>().GetAsync(caller.UserId, CancellationToken.None);
        Assert.Equal($"{oid}@{EntraTestIssuer.TenantId}.entra", user!.Email);
    }

    [Fact]
    public async Task A_local_account_with_the_same_email_is_never_linked()
    {
        var auth = Authenticator(out var provider);
        var users = provider.GetRequiredService<IUserStore>();
        var local = new User
        {
            Id = Ids.New(), Email = "ada@contoso.example", NormalizedEmail = "ada@contoso.example", PasswordHash = "x",
            Role = Roles.Admin, CreatedAt = Now, UpdatedAt = Now, ETag = ETags.New(),
        };
        await users.CreateAsync(local, CancellationToken.None);

        var caller = await auth.AuthenticateAsync(_issuer.Token(Spec()), CancellationToken.None);

        Assert.NotEqual(local.Id, caller.UserId);
        Assert.Equal(Roles.User, caller.Role);
        Assert.Equal(local, await users.FindByEmailAsync("ada@contoso.example", CancellationToken.None));
    }

    [Fact]
    public async Task Concurrent_first_calls_make_one_account()
    {
        var auth = Authenticator(out _);
        var spec = Spec();

        var callers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => auth.AuthenticateAsync(_issuer.Token(spec), CancellationToken.None)));

        Assert.Single(callers.Select(c => c.UserId).Distinct());
    }

    public static TheoryData<string> BadTokens() =>
    [
        "wrong audience", "other app's api uri", "wrong issuer", "v1 issuer", "other tenant", "expired", "not yet valid",
        "alg none", "unknown key", "HS256", "RS512", "no oid", "oid not a guid", "no tid", "tid not matching issuer", "app-only", "garbage",
    ];

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task Rejected_tokens_are_401_without_details(string kind)
    {
        var auth = Authenticator(out var provider);
        var token = BadToken(kind);

        var error = await Assert.ThrowsAnyAsync<KmtException>(() => auth.AuthenticateAsync(token, CancellationToken.None));

        Assert.Equal(ErrorCode.Unauthorized, error.Code);
        Assert.Equal(AuthService.InvalidAccessTokenMessage, error.Message);
        Assert.Null(error.Details);
    }

    [Fact]
    public async Task Tokens_of_another_tenant_are_refused_even_when_the_issuer_template_accepts_them()
    {
        await using var templated = await EntraTestIssuer.StartAsync(templateIssuer: true);
        var auth = Authenticator(out _, new()
        {
            ["Kmt:Entra:TenantId"] = "organizations",
            ["Kmt:Entra:MetadataAddress"] = templated.MetadataAddress("organizations"),
            ["Kmt:Entra:AllowedTenants"] = EntraTestIssuer.TenantId,
        });

        await auth.AuthenticateAsync(templated.Token(Spec()), CancellationToken.None);
        var error = await Assert.ThrowsAnyAsync<KmtException>(() => auth.AuthenticateAsync(templated.Token(Spec() with { Tenant = EntraTestIssuer.OtherTenantId }), CancellationToken.None));
        Assert.Equal(ErrorCode.Unauthorized, error.Code);

        // The template is filled with the token's own tid: an issuer naming another tenant than tid fails.
        error = await Assert.ThrowsAnyAsync<KmtException>(() => auth.AuthenticateAsync(
            templated.Token(Spec() with { Issuer = EntraTestIssuer.IssuerFor(EntraTestIssuer.OtherTenantId) }), CancellationToken.None));
        Assert.Equal(ErrorCode.Unauthorized, error.Code);
    }

    [Fact]
    public async Task Lifetime_is_checked_against_the_injected_clock()
    {
        var auth = Authenticator(out _);
        var token = _issuer.Token(Spec() with { Lifetime = TimeSpan.FromMinutes(60) });
        await auth.AuthenticateAsync(token, CancellationToken.None);

        _clock.Advance(TimeSpan.FromMinutes(60) + EntraAccessTokenAuthenticator.ClockSkew + TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAnyAsync<KmtException>(() => auth.AuthenticateAsync(token, CancellationToken.None));
        Assert.Equal(ErrorCode.Unauthorized, error.Code);
    }

    [Fact]
    public async Task A_deactivated_account_is_401()
    {
        var auth = Authenticator(out var provider);
        var spec = Spec();
        var caller = await auth.AuthenticateAsync(_issuer.Token(spec), CancellationToken.None);
        var users = provider.GetRequiredService<IUserStore>();
        var user = (await users.GetAsync(caller.UserId, CancellationToken.None))!;
        await users.ReplaceAsync(user with { IsActive = false, ETag = ETags.New() }, user.ETag, CancellationToken.None);

        var error = await Assert.ThrowsAnyAsync<KmtException>(() => auth.AuthenticateAsync(_issuer.Token(spec), CancellationToken.None));
        Assert.Equal(ErrorCode.Unauthorized, error.Code);
    }

    [Fact]
    public async Task Metadata_is_fetched_once_not_per_request()
    {
        var auth = Authenticator(out _);
        var before = _issuer.MetadataRequests;

        for (var i = 0; i < 5; i++)
        {
            await auth.AuthenticateAsync(_issuer.Token(Spec()), CancellationToken.None);
        }

        Assert.Equal(before + 1, _issuer.MetadataRequests);
    }

    private string BadToken(string kind)
    {
        var spec = Spec();
        return kind switch
        {
            "wrong audience" => _issuer.Token(spec with { Audience = Guid.NewGuid().ToString() }),
            "other app's api uri" => _issuer.Token(spec with { Audience = "api://" + Guid.NewGuid() }),
            "wrong issuer" => _issuer.Token(spec with { Issuer = "https://evil.example/" + EntraTestIssuer.TenantId + "/v2.0" }),
            "v1 issuer" => _issuer.Token(spec with { Issuer = $"https://sts.windows.net/{EntraTestIssuer.TenantId}/" }),
            "other tenant" => _issuer.Token(spec with { Tenant = EntraTestIssuer.OtherTenantId }),
            "expired" => _issuer.Token(spec with { Now = Now.AddHours(-2), Lifetime = TimeSpan.FromHours(1) }),
            "not yet valid" => _issuer.Token(spec with { Now = Now.AddHours(1) }),
            "alg none" => _issuer.Token(spec with { Unsigned = true }),
            "unknown key" => _issuer.Token(spec with { SigningKey = _issuer.UnknownKey }),
            "HS256" => _issuer.Token(spec with { SigningKey = new SymmetricSecurityKey(new byte[32]) { KeyId = EntraTestIssuer.KeyId }, Algorithm = SecurityAlgorithms.HmacSha256 }),
            "RS512" => _issuer.Token(spec with { Algorithm = SecurityAlgorithms.RsaSha512 }),
            "no oid" => _issuer.Token(spec with { Remove = ["oid"] }),
            "oid not a guid" => _issuer.Token(spec with { ObjectId = "admin|x" }),
            "no tid" => _issuer.Token(spec with { Remove = ["tid"] }),
            "tid not matching issuer" => _issuer.Token(spec with { Issuer = EntraTestIssuer.IssuerFor(EntraTestIssuer.TenantId), Extra = new Dictionary<string, object> { ["tid"] = EntraTestIssuer.OtherTenantId } }),
            "app-only" => _issuer.Token(spec with { Remove = ["scp"], Roles = ["KMT.Admin"] }),
            "garbage" => "not.a.token",
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    private static TokenSpec Spec() => new() { Now = Now };

    private IAccessTokenAuthenticator Authenticator(out ServiceProvider provider, Dictionary<string, string?>? overrides = null)
    {
        Services(out provider, overrides);
        return provider.GetRequiredService<IAccessTokenAuthenticator>();
    }

    private ServiceCollection Services(out ServiceProvider provider, Dictionary<string, string?>? overrides = null)
    {
        var settings = EntraSettings();
        settings["Kmt:Embedded:DataDirectory"] = Path.Combine(_dataDirectory, Guid.NewGuid().ToString("N"));
        foreach (var (key, value) in overrides ?? [])
        {
            settings[key] = value;
        }

        var configuration = Configuration(settings);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_clock);
        services.AddKmtCore(configuration);
        services.AddKmtEmbeddedStore(configuration);
        Assert.True(services.AddKmtEntraAuthentication(configuration));
        provider = services.BuildServiceProvider();
        _providers.Add(provider);
        return services;
    }

    private Dictionary<string, string?> EntraSettings() => new()
    {
        ["Kmt:Auth:Mode"] = "Entra",
        ["Kmt:Entra:TenantId"] = EntraTestIssuer.TenantId,
        ["Kmt:Entra:ClientId"] = EntraTestIssuer.ClientId,
        ["Kmt:Entra:MetadataAddress"] = _issuer.MetadataAddress(),
    };

    private static IConfiguration Configuration(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
}
