using System.Security.Cryptography;
using System.Text.Json;

namespace Kmt.Azure.Push;

/// <summary>
/// Local development's VAPID keys: generated once (P-256) and kept in the data folder as vapid-keys.json,
/// like the local signing key, so browser subscriptions stay valid across restarts. In Azure the keys
/// come from configuration (Key Vault references).
/// </summary>
public static class VapidKeyFile
{
    public const string FileName = "vapid-keys.json";

    /// <summary>The keys stored in <paramref name="directory"/>, created on first use.</summary>
    public static (string PublicKey, string PrivateKey) LoadOrCreate(string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName);
        if (File.Exists(path))
        {
            var stored = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(path))!;
            return (stored["public_key"], stored["private_key"]);
        }

        var keys = Generate();
        var temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(new Dictionary<string, string> { ["public_key"] = keys.PublicKey, ["private_key"] = keys.PrivateKey }));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temp, path, overwrite: false);
        return keys;
    }

    /// <summary>A new P-256 key pair: the public key as the uncompressed point (65 bytes), the private key as the scalar (32 bytes), base64url.</summary>
    public static (string PublicKey, string PrivateKey) Generate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var parameters = key.ExportParameters(includePrivateParameters: true);
        var point = new byte[65];
        point[0] = 0x04;
        parameters.Q.X!.CopyTo(point, 1);
        parameters.Q.Y!.CopyTo(point, 33);
        return (Base64Url(point), Base64Url(parameters.D!));
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
