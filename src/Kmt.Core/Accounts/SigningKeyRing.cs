using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Kmt.Core.Accounts;

/// <summary>
/// The access-token signing keys of this instance (docs/design/identity.md, "Signing keys"): the current
/// key signs, every accepted key verifies the tokens whose header names it (kid). Keys are read again
/// every <see cref="AuthOptions.SigningKeyRefreshInterval"/> from Kmt:Auth:SigningKeyPem and
/// PreviousSigningKeyPem, or else from the <see cref="ISigningKeySource"/>, so a rotation needs no
/// restart. A key that stops being current stays accepted here until the last token it signed has
/// expired (<see cref="AuthOptions.AccessTokenLifetime"/> plus the clock skew), even when the source no
/// longer lists it.
/// </summary>
public sealed class SigningKeyRing
{
    private readonly Func<AuthOptions> _options;
    private readonly ISigningKeySource? _source;
    private readonly TimeProvider _timeProvider;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (RsaSecurityKey Key, DateTimeOffset RetiredAt)> _retired = new(StringComparer.Ordinal);
    private Snapshot? _snapshot;

    public SigningKeyRing(Func<AuthOptions> options, TimeProvider timeProvider, ISigningKeySource? source = null)
    {
        _options = options;
        _timeProvider = timeProvider;
        _source = source;
    }

    /// <summary>The key new tokens are signed with.</summary>
    public RsaSecurityKey Current => Read().Current;

    /// <summary>The accepted key with this id, or null (unknown, retired long enough, or no id given).</summary>
    public RsaSecurityKey? Find(string? keyId) =>
        !string.IsNullOrEmpty(keyId) && Read().Accepted.TryGetValue(keyId, out var key) ? key : null;

    /// <summary>Every accepted key, current first: the published key set (JWKS).</summary>
    public IReadOnlyList<PublicSigningKey> PublicKeys()
    {
        var snapshot = Read();
        return snapshot.Accepted.Values
            .OrderBy(k => k.KeyId == snapshot.Current.KeyId ? 0 : 1)
            .ThenBy(k => k.KeyId, StringComparer.Ordinal)
            .Select(k =>
            {
                var parameters = k.Rsa.ExportParameters(includePrivateParameters: false);
                return new PublicSigningKey(k.KeyId, Base64UrlEncoder.Encode(parameters.Modulus), Base64UrlEncoder.Encode(parameters.Exponent));
            })
            .ToList();
    }

    private Snapshot Read()
    {
        var now = _timeProvider.GetUtcNow();
        var snapshot = Volatile.Read(ref _snapshot);
        if (snapshot is not null && now < snapshot.RefreshAt)
        {
            return snapshot;
        }

        lock (_gate)
        {
            if (_snapshot is not null && now < _snapshot.RefreshAt)
            {
                return _snapshot;
            }

            try
            {
                _snapshot = Load(now, _snapshot);
            }
            catch (Exception) when (_snapshot is not null)
            {
                // The source was unreachable (a vault outage): keep the keys we have and try again later.
                _snapshot = _snapshot with { RefreshAt = now + _options().SigningKeyRefreshInterval };
            }

            return _snapshot;
        }
    }

    private Snapshot Load(DateTimeOffset now, Snapshot? previous)
    {
        var options = _options();
        var material = !string.IsNullOrWhiteSpace(options.SigningKeyPem)
            ? new SigningKeyMaterial(options.SigningKeyPem, string.IsNullOrWhiteSpace(options.PreviousSigningKeyPem) ? [] : [options.PreviousSigningKeyPem])
            : _source?.Load()
              ?? throw new InvalidOperationException(
                  $"No access-token signing key: set {AuthOptions.Section}:SigningKeyPem or register an {nameof(ISigningKeySource)}.");

        var known = previous?.Accepted ?? new Dictionary<string, RsaSecurityKey>(StringComparer.Ordinal);
        var current = Import(material.CurrentPem, known);
        if (previous is not null && previous.Current.KeyId != current.KeyId)
        {
            _retired[previous.Current.KeyId] = (previous.Current, now);
        }

        _retired.Remove(current.KeyId);
        var keep = options.AccessTokenLifetime + AccessTokenService.ClockSkew;
        foreach (var expired in _retired.Where(r => now - r.Value.RetiredAt > keep).Select(r => r.Key).ToList())
        {
            _retired.Remove(expired);
        }

        var accepted = new Dictionary<string, RsaSecurityKey>(StringComparer.Ordinal) { [current.KeyId] = current };
        foreach (var pem in material.PreviousPems.Where(p => !string.IsNullOrWhiteSpace(p)))
        {
            var key = Import(pem, known);
            accepted.TryAdd(key.KeyId, key);
        }

        foreach (var (keyId, retired) in _retired)
        {
            accepted.TryAdd(keyId, retired.Key);
        }

        return new Snapshot(current, accepted, now + options.SigningKeyRefreshInterval);
    }

    /// <summary>The key of a PEM, its id the RFC 7638 thumbprint; an already known key is reused rather than imported again.</summary>
    private static RsaSecurityKey Import(string pem, IReadOnlyDictionary<string, RsaSecurityKey> known)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        var key = new RsaSecurityKey(rsa);
        key.KeyId = Base64UrlEncoder.Encode(key.ComputeJwkThumbprint());
        if (known.TryGetValue(key.KeyId, out var existing))
        {
            rsa.Dispose();
            return existing;
        }

        return key;
    }

    private sealed record Snapshot(RsaSecurityKey Current, IReadOnlyDictionary<string, RsaSecurityKey> Accepted, DateTimeOffset RefreshAt);
}
