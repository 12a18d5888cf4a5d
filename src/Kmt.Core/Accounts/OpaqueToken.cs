using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Kmt.Core.Common;

namespace Kmt.Core.Accounts;

/// <summary>
/// A refresh or password-reset token: "{userId}.{recordId}.{secret}". The ids make the lookup a point
/// read in the user's partition; the 32 random bytes of secret make it unguessable. Only the SHA-256
/// of the whole token is stored, so a leaked database holds no usable tokens.
/// </summary>
internal sealed record OpaqueToken(string UserId, string RecordId, string Value)
{
    private const int SecretBytes = 32;

    // 32 bytes in unpadded base64url.
    private const int SecretChars = 43;

    private const int MaxLength = 36 + 1 + 36 + 1 + SecretChars;

    public static OpaqueToken Create(string userId, string recordId)
    {
        var secret = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SecretBytes));
        return new OpaqueToken(userId, recordId, $"{userId}.{recordId}.{secret}");
    }

    /// <summary>
    /// A token whose secret is HMAC-SHA256(<paramref name="salt"/>, <paramref name="predecessor"/>): the
    /// successor of a rotated refresh token, which can be derived again (and only) from the predecessor's raw
    /// value plus the stored salt, to answer a reuse within the grace window with the same successor.
    /// </summary>
    public static OpaqueToken Derive(string userId, string recordId, string predecessor, string salt)
    {
        var secret = Base64Url.EncodeToString(HMACSHA256.HashData(Convert.FromBase64String(salt), Encoding.UTF8.GetBytes(predecessor)));
        return new OpaqueToken(userId, recordId, $"{userId}.{recordId}.{secret}");
    }

    /// <summary>A fresh random salt for <see cref="Derive"/> (base64).</summary>
    public static string NewSalt() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(SecretBytes));

    public static bool TryParse(string? value, out OpaqueToken token)
    {
        token = null!;
        if (value is null || value.Length > MaxLength)
        {
            return false;
        }

        var parts = value.Split('.');
        if (parts.Length != 3 || !Ids.IsWellFormed(parts[0]) || !Ids.IsWellFormed(parts[1]) || parts[2].Length != SecretChars
            || !Base64Url.IsValid(parts[2]))
        {
            return false;
        }

        token = new OpaqueToken(parts[0], parts[1], value);
        return true;
    }

    public string Hash() => HashOf(Value);

    /// <summary>Constant-time comparison, so response timing says nothing about how much of a hash matched.</summary>
    public bool MatchesHash(string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash()), Encoding.ASCII.GetBytes(storedHash));

    private static string HashOf(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
