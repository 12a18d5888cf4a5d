using System.Text;
using System.Text.Json;
using Kmt.Core.Accounts;
using Kmt.Core.Common;
using Kmt.Core.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Moq;

namespace Kmt.Core.Tests.Accounts;

public class AccessTokenServiceTests
{
    private readonly FakeTimeProvider _clock = TestSupport.Clock();
    private readonly User _user = new()
    {
        Id = Ids.New(),
        Email = "ada@example.com",
        NormalizedEmail = "ada@example.com",
        PasswordHash = "x",
        Role = Roles.PremiumUser,
        CreatedAt = TestSupport.Start,
        UpdatedAt = TestSupport.Start,
        ETag = ETags.New(),
    };

    private AccessTokenService Service(Action<AuthOptions>? configure = null, ISigningKeySource? source = null) =>
        new(TestSupport.Options(TestSupport.AuthOptions(configure)), _clock, source);

    [Fact]
    public async Task Issued_token_validates_to_the_same_user_role_and_session()
    {
        var service = Service();
        var family = Ids.New();

        var issued = service.Issue(_user, family);
        var caller = await service.ValidateAsync(issued.Token);

        Assert.Equal(new AuthenticatedUser(_user.Id, Roles.PremiumUser, family), caller);
        Assert.Equal(900, issued.ExpiresInSeconds);
    }

    [Fact]
    public void Token_carries_the_seed_claims_and_is_RS256()
    {
        var issued = Service().Issue(_user, "family-1");
        var jwt = new JsonWebToken(issued.Token);

        Assert.Equal("RS256", jwt.Alg);
        Assert.Equal(_user.Id, jwt.Subject);
        Assert.Equal("kmt", jwt.Issuer);
        Assert.Equal(["kmt-api"], jwt.Audiences);
        Assert.Equal("family-1", jwt.GetPayloadValue<string>("sid"));
        Assert.Equal("premium_user", jwt.GetPayloadValue<string>("role"));
        Assert.False(string.IsNullOrEmpty(jwt.Id));
        Assert.Equal(TestSupport.Start.ToUnixTimeSeconds(), jwt.GetPayloadValue<long>("iat"));
        Assert.Equal(TestSupport.Start.AddMinutes(15).ToUnixTimeSeconds(), jwt.GetPayloadValue<long>("exp"));

        var payload = JsonDocument.Parse(Base64UrlEncoder.Decode(issued.Token.Split('.')[1])).RootElement;
        Assert.Equal(JsonValueKind.Array, payload.GetProperty("scope").ValueKind);
        Assert.Equal(["read", "write"], payload.GetProperty("scope").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Token_is_rejected_once_the_injected_clock_passes_its_lifetime()
    {
        var service = Service();
        var issued = service.Issue(_user, "f");

        _clock.Advance(TimeSpan.FromMinutes(15));
        Assert.NotNull(await service.ValidateAsync(issued.Token)); // within the 30 s skew

        _clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Null(await service.ValidateAsync(issued.Token));
    }

    [Fact]
    public async Task Token_from_the_future_is_rejected()
    {
        var futureClock = new FakeTimeProvider(TestSupport.Start.AddMinutes(5));
        var issuer = new AccessTokenService(TestSupport.Options(TestSupport.AuthOptions()), futureClock);
        var issued = issuer.Issue(_user, "f");

        Assert.Null(await Service().ValidateAsync(issued.Token));
    }

    [Fact]
    public async Task Token_signed_with_another_key_is_rejected()
    {
        var other = Service(o => o.SigningKeyPem = TestSupport.NewKeyPem());
        var token = other.Issue(_user, "f").Token;

        Assert.Null(await Service().ValidateAsync(token));
    }

    [Fact]
    public async Task Token_for_another_audience_or_issuer_is_rejected()
    {
        var otherAudience = Service(o => o.Audience = "someone-else").Issue(_user, "f").Token;
        var otherIssuer = Service(o => o.Issuer = "evil").Issue(_user, "f").Token;

        Assert.Null(await Service().ValidateAsync(otherAudience));
        Assert.Null(await Service().ValidateAsync(otherIssuer));
    }

    [Fact]
    public async Task Unsigned_alg_none_token_is_rejected()
    {
        var header = Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""");
        var now = TestSupport.Start.ToUnixTimeSeconds();
        var payload = Base64UrlEncoder.Encode(
            $$"""{"sub":"{{_user.Id}}","role":"admin","sid":"f","iss":"kmt","aud":"kmt-api","iat":{{now}},"nbf":{{now}},"exp":{{now + 600}}}""");

        Assert.Null(await Service().ValidateAsync($"{header}.{payload}."));
    }

    [Fact]
    public async Task Token_with_a_modified_payload_is_rejected()
    {
        var service = Service();
        var parts = service.Issue(_user, "f").Token.Split('.');
        var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1])).Replace("premium_user", "admin");
        var forged = $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";

        Assert.Null(await service.ValidateAsync(forged));
    }

    [Fact]
    public async Task A_forged_copy_of_a_token_already_verified_is_still_rejected()
    {
        var service = Service();
        var genuine = service.Issue(_user, "f").Token;
        Assert.NotNull(await service.ValidateAsync(genuine)); // now remembered as verified

        var parts = genuine.Split('.');
        var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1])).Replace("premium_user", "admin");
        Assert.Null(await service.ValidateAsync($"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}"));
        Assert.Equal(Roles.PremiumUser, (await service.ValidateAsync(genuine))!.Role);
    }

    [Fact]
    public async Task A_verified_token_is_refused_once_its_key_is_withdrawn_from_configuration()
    {
        var options = TestSupport.AuthOptions(o => { o.SigningKeyPem = TestSupport.NewKeyPem(); o.PreviousSigningKeyPem = TestSupport.SigningKeyPem; });
        var service = new AccessTokenService(new SigningKeyRing(() => options, _clock), TestSupport.Options(options), _clock);
        var oldToken = Service().Issue(_user, "f").Token; // signed with the previous key
        Assert.NotNull(await service.ValidateAsync(oldToken));

        options.PreviousSigningKeyPem = null; // the previous key is withdrawn (say, it leaked)
        _clock.Advance(TimeSpan.FromMinutes(5)); // the ring's next refresh

        Assert.Null(await service.ValidateAsync(oldToken));
    }

    [Fact]
    public async Task HS256_token_using_the_public_key_as_secret_is_rejected()
    {
        // The classic algorithm-confusion attack: only RS256 is accepted.
        var handler = new JsonWebTokenHandler();
        var token = handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "kmt",
            Audience = "kmt-api",
            IssuedAt = TestSupport.Start.UtcDateTime,
            NotBefore = TestSupport.Start.UtcDateTime,
            Expires = TestSupport.Start.AddMinutes(5).UtcDateTime,
            Claims = new Dictionary<string, object> { ["sub"] = _user.Id, ["role"] = "admin", ["sid"] = "f" },
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(TestSupport.SigningKeyPem)), SecurityAlgorithms.HmacSha256),
        });

        Assert.Null(await Service().ValidateAsync(token));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("garbage")]
    [InlineData("a.b.c")]
    public async Task Garbage_is_rejected(string token)
    {
        Assert.Null(await Service().ValidateAsync(token));
    }

    [Fact]
    public async Task Key_source_is_used_when_configuration_has_no_key_and_read_again_after_the_refresh_interval()
    {
        var source = new Mock<ISigningKeySource>();
        source.Setup(s => s.Load()).Returns(new SigningKeyMaterial(TestSupport.SigningKeyPem, []));
        var service = Service(o => o.SigningKeyPem = null, source.Object);

        var token = service.Issue(_user, "f").Token;
        service.Issue(_user, "g");

        Assert.NotNull(await service.ValidateAsync(token));
        Assert.NotNull(await Service().ValidateAsync(token)); // same key as the configured one
        source.Verify(s => s.Load(), Times.Once);

        _clock.Advance(TimeSpan.FromMinutes(5));
        service.Issue(_user, "h");
        source.Verify(s => s.Load(), Times.Exactly(2));
    }

    [Fact]
    public async Task A_source_that_fails_after_the_first_load_keeps_the_keys_it_had()
    {
        var source = new Mock<ISigningKeySource>();
        source.SetupSequence(s => s.Load())
            .Returns(new SigningKeyMaterial(TestSupport.SigningKeyPem, []))
            .Throws(new InvalidOperationException("vault unreachable"));
        var service = Service(o => o.SigningKeyPem = null, source.Object);
        var token = service.Issue(_user, "f").Token;

        _clock.Advance(TimeSpan.FromMinutes(6));

        Assert.NotNull(await service.ValidateAsync(token));
        Assert.Equal(new JsonWebToken(token).Kid, new JsonWebToken(service.Issue(_user, "g").Token).Kid);
    }

    [Fact]
    public async Task Every_token_names_its_key_and_the_published_set_holds_that_key()
    {
        var service = Service();
        var jwt = new JsonWebToken(service.Issue(_user, "f").Token);

        var published = Assert.Single(service.PublicKeys());
        Assert.False(string.IsNullOrEmpty(jwt.Kid));
        Assert.Equal(jwt.Kid, published.KeyId);

        // The published modulus and exponent verify the token.
        var parameters = new System.Security.Cryptography.RSAParameters { Modulus = Base64UrlEncoder.DecodeBytes(published.Modulus), Exponent = Base64UrlEncoder.DecodeBytes(published.Exponent) };
        var publicKey = new RsaSecurityKey(parameters) { KeyId = published.KeyId };
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(jwt.EncodedToken, new TokenValidationParameters
        {
            IssuerSigningKey = publicKey, ValidateIssuer = false, ValidateAudience = false, ValidateLifetime = false,
        });
        Assert.True(result.IsValid);
    }

    [Fact]
    public async Task A_rotated_key_signs_after_the_next_refresh_and_the_old_key_verifies_until_its_tokens_expire()
    {
        var oldPem = TestSupport.SigningKeyPem;
        var newPem = TestSupport.NewKeyPem();
        var options = TestSupport.AuthOptions();
        var service = new AccessTokenService(new SigningKeyRing(() => options, _clock), TestSupport.Options(options), _clock);
        var oldToken = service.Issue(_user, "f").Token;
        var oldKid = new JsonWebToken(oldToken).Kid;

        options.SigningKeyPem = newPem; // e.g. a new Key Vault secret version; no restart
        Assert.Equal(oldKid, new JsonWebToken(service.Issue(_user, "f").Token).Kid); // cached until the refresh

        _clock.Advance(TimeSpan.FromMinutes(5));
        var newToken = service.Issue(_user, "f").Token;
        Assert.NotEqual(oldKid, new JsonWebToken(newToken).Kid);
        Assert.NotNull(await service.ValidateAsync(newToken));
        Assert.NotNull(await service.ValidateAsync(oldToken)); // issued 5 minutes ago, valid for 15
        Assert.Equal([new JsonWebToken(newToken).Kid, oldKid], service.PublicKeys().Select(k => k.KeyId));

        // Once every token the old key could have signed has expired, the old key is gone: a token it
        // signs now (a leaked old key) is refused, and the published set no longer lists it.
        _clock.Advance(TimeSpan.FromMinutes(16));
        var stillOld = new AccessTokenService(TestSupport.Options(TestSupport.AuthOptions(o => o.SigningKeyPem = oldPem)), _clock).Issue(_user, "f").Token;
        Assert.Null(await service.ValidateAsync(stillOld));
        Assert.Equal([new JsonWebToken(newToken).Kid], service.PublicKeys().Select(k => k.KeyId));
        Assert.NotNull(await service.ValidateAsync(service.Issue(_user, "f").Token));
    }

    [Fact]
    public async Task The_previous_key_from_configuration_verifies_on_an_instance_that_never_signed_with_it()
    {
        var oldToken = Service().Issue(_user, "f").Token;
        var newPem = TestSupport.NewKeyPem();

        var rotated = Service(o => { o.SigningKeyPem = newPem; o.PreviousSigningKeyPem = TestSupport.SigningKeyPem; });
        var newOnly = Service(o => o.SigningKeyPem = newPem);

        Assert.NotNull(await rotated.ValidateAsync(oldToken));
        Assert.Null(await newOnly.ValidateAsync(oldToken));
        Assert.Equal(2, rotated.PublicKeys().Count);
        Assert.NotEqual(new JsonWebToken(oldToken).Kid, new JsonWebToken(rotated.Issue(_user, "f").Token).Kid);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("some-other-key-id")]
    public async Task A_token_without_our_kid_is_rejected_even_when_signed_with_our_key(string? kid)
    {
        using var rsa = System.Security.Cryptography.RSA.Create();
        rsa.ImportFromPem(TestSupport.SigningKeyPem);
        var key = new RsaSecurityKey(rsa) { KeyId = kid };
        var now = TestSupport.Start.UtcDateTime;
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "kmt",
            Audience = "kmt-api",
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(5),
            Claims = new Dictionary<string, object> { ["sub"] = _user.Id, ["role"] = "user", ["sid"] = "f" },
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });

        Assert.Null(await Service().ValidateAsync(token));
    }

    [Fact]
    public void Missing_key_fails_with_a_clear_message()
    {
        var service = Service(o => o.SigningKeyPem = null);

        var error = Assert.Throws<InvalidOperationException>(() => service.Issue(_user, "f"));
        Assert.Contains("SigningKeyPem", error.Message);
    }
}
