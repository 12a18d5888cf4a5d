using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Kmt.Core.Accounts;

/// <summary>
/// PBKDF2-HMAC-SHA256 password hashes in the self-describing form
/// "pbkdf2-sha256${iterations}${salt base64}${hash base64}". The iteration count travels with each
/// hash, so raising <see cref="AuthOptions.PasswordIterations"/> later keeps old hashes verifiable.
/// </summary>
public sealed class PasswordHasher
{
    public const int MinimumIterations = 1000;

    private const string Prefix = "pbkdf2-sha256";
    private const int SaltBytes = 16;
    private const int KeyBytes = 32;

    // A stored hash is ours, but a corrupted or planted one must not make one login burn minutes of CPU.
    private const int MaximumIterations = 10_000_000;

    private readonly int _iterations;

    public PasswordHasher(IOptions<AuthOptions> options)
    {
        _iterations = options.Value.PasswordIterations;
        if (_iterations < MinimumIterations)
        {
            throw new InvalidOperationException(
                $"{AuthOptions.Section}:PasswordIterations is {_iterations}; it must be at least {MinimumIterations}.");
        }
    }

    public string Hash(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var key = Derive(password, salt, _iterations);
        return string.Join('$', Prefix, _iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(key));
    }

    /// <summary>False for a wrong password and for anything that is not a hash of this format.</summary>
    public bool Verify(string password, string storedHash)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (!TryParse(storedHash, out var iterations, out var salt, out var expected))
        {
            return false;
        }

        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>True when the hash was made with fewer iterations than configured now (rehash at the next login).</summary>
    public bool NeedsRehash(string storedHash) => !TryParse(storedHash, out var iterations, out _, out _) || iterations < _iterations;

    private static byte[] Derive(string password, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, KeyBytes);

    private static bool TryParse(string? storedHash, out int iterations, out byte[] salt, out byte[] key)
    {
        iterations = 0;
        salt = [];
        key = [];
        var parts = storedHash?.Split('$');
        if (parts is not { Length: 4 } || parts[0] != Prefix)
        {
            return false;
        }

        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out iterations)
            || iterations is < 1 or > MaximumIterations)
        {
            return false;
        }

        try
        {
            salt = Convert.FromBase64String(parts[2]);
            key = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            return false;
        }

        return salt.Length > 0 && key.Length > 0;
    }
}
