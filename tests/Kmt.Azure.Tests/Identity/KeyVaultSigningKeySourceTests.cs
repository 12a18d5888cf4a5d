using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Core.Pipeline;
using Azure.Security.KeyVault.Secrets;
using Kmt.Azure.Identity;
using Kmt.Azure.Tests.Infrastructure;
using Kmt.Core.Accounts;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Kmt.Azure.Tests.Identity;

/// <summary>
/// The Key Vault signing-key source against a fake vault (the Key Vault REST shapes: a secret, its
/// versions, the bearer challenge), so rotation and revocation are checked without an Azure account.
/// </summary>
public sealed class KeyVaultSigningKeySourceTests
{
    private static readonly Uri Vault = new("https://kmt-kv.vault.azure.net/");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero));
    private readonly FakeVault _vault = new();

    [Fact]
    public void One_version_is_the_current_key_and_nothing_else_verifies()
    {
        var pem = _vault.Add(_time.GetUtcNow().AddDays(-30));

        var material = Source().Load();

        Assert.Equal(pem, material.CurrentPem);
        Assert.Empty(material.PreviousPems);
        Assert.True(_vault.SawBearerToken, "the client authenticated after the vault's challenge");
    }

    [Fact]
    public void A_version_replaced_within_a_token_lifetime_still_verifies_and_an_older_one_does_not()
    {
        var ancient = _vault.Add(_time.GetUtcNow().AddDays(-30));
        var replaced = _vault.Add(_time.GetUtcNow().AddHours(-2));
        var newest = _vault.Add(_time.GetUtcNow().AddMinutes(-5));

        var material = Source().Load();

        Assert.Equal(newest, material.CurrentPem);
        Assert.Equal([replaced], material.PreviousPems);
        Assert.DoesNotContain(ancient, material.PreviousPems);
    }

    [Fact]
    public void A_disabled_version_is_revoked_at_once()
    {
        _vault.Add(_time.GetUtcNow().AddDays(-1), enabled: false);
        _vault.Add(_time.GetUtcNow().AddMinutes(-1));

        Assert.Empty(Source().Load().PreviousPems);
    }

    [Fact]
    public void A_new_version_rotates_the_ring_without_a_restart_and_old_tokens_keep_verifying()
    {
        _vault.Add(_time.GetUtcNow().AddDays(-10));
        var auth = new AuthOptions();
        var ring = new SigningKeyRing(() => auth, _time, Source(auth));
        var before = ring.Current.KeyId;

        _vault.Add(_time.GetUtcNow());
        _time.Advance(auth.SigningKeyRefreshInterval + TimeSpan.FromSeconds(1));

        Assert.NotEqual(before, ring.Current.KeyId);
        Assert.NotNull(ring.Find(before));
        Assert.Equal(2, ring.PublicKeys().Count);
    }

    private KeyVaultSigningKeySource Source(AuthOptions? auth = null)
    {
        var options = new SecretClientOptions { Transport = new HttpClientTransport(new HttpClient(_vault)) };
        options.Retry.MaxRetries = 0;
        var client = new SecretClient(Vault, new FakeTokenCredential(), options);
        var monitor = new Moq.Mock<IOptionsMonitor<AuthOptions>>();
        monitor.Setup(m => m.CurrentValue).Returns(auth ?? new AuthOptions());
        return new KeyVaultSigningKeySource(client, Options.Create(new KeyVaultSigningKeyOptions()), monitor.Object, _time);
    }

    /// <summary>Serves one secret's versions as Key Vault does (api 7.x JSON), after a bearer challenge.</summary>
    private sealed class FakeVault : HttpMessageHandler
    {
        private readonly List<(string Version, string Pem, DateTimeOffset Created, bool Enabled)> _versions = [];

        public bool SawBearerToken { get; private set; }

        public string Add(DateTimeOffset created, bool enabled = true)
        {
            using var rsa = RSA.Create(2048);
            var pem = rsa.ExportRSAPrivateKeyPem();
            _versions.Add((Guid.NewGuid().ToString("N"), pem, created, enabled));
            return pem;
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(Send(request, cancellationToken));

        // The source calls the vault synchronously (SigningKeyRing loads keys under its lock).
        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Headers.Authorization is null)
            {
                var challenge = new HttpResponseMessage(HttpStatusCode.Unauthorized);
                challenge.Headers.TryAddWithoutValidation("WWW-Authenticate",
                    "Bearer authorization=\"https://login.microsoftonline.com/00000000-0000-0000-0000-000000000001\", resource=\"https://vault.azure.net\"");
                return challenge;
            }

            SawBearerToken |= request.Headers.Authorization.Scheme == "Bearer";
            var segments = request.RequestUri!.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("secrets", segments[0]);
            Assert.Equal("kmt-signing-key", segments[1]);
            object body;
            if (segments.Length == 3 && segments[2] == "versions")
            {
                body = new { value = _versions.Select(v => Properties(v)).ToList(), nextLink = (string?)null };
            }
            else
            {
                var version = segments.Length == 3 ? _versions.Single(v => v.Version == segments[2]) : _versions.OrderBy(v => v.Created).Last(v => v.Enabled);
                if (!version.Enabled)
                {
                    return new HttpResponseMessage(HttpStatusCode.Forbidden)
                    {
                        Content = new StringContent("{\"error\":{\"code\":\"Forbidden\",\"message\":\"Operation get is not allowed on a disabled secret.\"}}", Encoding.UTF8, "application/json"),
                    };
                }

                body = new { value = version.Pem, id = Id(version.Version), attributes = Attributes(version) };
            }

            return new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
            };
        }

        private static object Properties((string Version, string Pem, DateTimeOffset Created, bool Enabled) v) =>
            new { id = Id(v.Version), attributes = Attributes(v) };

        private static object Attributes((string Version, string Pem, DateTimeOffset Created, bool Enabled) v) =>
            new { enabled = v.Enabled, created = v.Created.ToUnixTimeSeconds(), updated = v.Created.ToUnixTimeSeconds() };

        private static string Id(string version) => new Uri(Vault, $"secrets/kmt-signing-key/{version}").ToString();
    }
}
