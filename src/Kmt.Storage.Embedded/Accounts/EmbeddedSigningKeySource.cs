using System.Security.Cryptography;
using Kmt.Core.Accounts;
using Microsoft.Extensions.Options;

namespace Kmt.Storage.Embedded.Accounts;

/// <summary>
/// The local signing keys: signing-key.pem in the data directory signs (generated, RSA 2048, PKCS#1
/// PEM, on first use and kept, so tokens stay valid across restarts); signing-key.previous.pem, when
/// present, only verifies. Both files are read again on every <see cref="Load"/> (the key ring calls it
/// every Kmt:Auth:SigningKeyRefreshInterval), so <see cref="Rotate"/> or replacing the files by hand
/// takes effect without a restart. A new key is created under a temporary name (mode 600 on Unix) and
/// moved into place without overwriting, so when two processes race both end up with the winner's key.
/// </summary>
public sealed class EmbeddedSigningKeySource : ISigningKeySource
{
    public const string FileName = "signing-key.pem";
    public const string PreviousFileName = "signing-key.previous.pem";

    private readonly Lock _gate = new();

    public EmbeddedSigningKeySource(IOptions<EmbeddedStoreOptions> options)
    {
        var directory = options.Value.ResolveDataDirectory();
        KeyPath = Path.Combine(directory, FileName);
        PreviousKeyPath = Path.Combine(directory, PreviousFileName);
    }

    public string KeyPath { get; }

    public string PreviousKeyPath { get; }

    public SigningKeyMaterial Load()
    {
        lock (_gate)
        {
            var current = LoadOrCreate();
            return new SigningKeyMaterial(current, File.Exists(PreviousKeyPath) ? [File.ReadAllText(PreviousKeyPath)] : []);
        }
    }

    /// <summary>
    /// Makes a new current key; the old one becomes the previous key (still verifying the tokens it
    /// signed). Running instances pick both up at their next key refresh.
    /// </summary>
    public void Rotate()
    {
        lock (_gate)
        {
            var old = LoadOrCreate();
            WriteNew(PreviousKeyPath + ".rotating", old);
            File.Move(PreviousKeyPath + ".rotating", PreviousKeyPath, overwrite: true);
            using var rsa = RSA.Create(2048);
            WriteNew(KeyPath + ".rotating", rsa.ExportRSAPrivateKeyPem());
            File.Move(KeyPath + ".rotating", KeyPath, overwrite: true);
        }
    }

    private string LoadOrCreate()
    {
        if (File.Exists(KeyPath))
        {
            return File.ReadAllText(KeyPath);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(KeyPath)!);
        using var rsa = RSA.Create(2048);
        var pem = rsa.ExportRSAPrivateKeyPem();
        var temp = KeyPath + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            WriteNew(temp, pem);
            try
            {
                File.Move(temp, KeyPath, overwrite: false);
                return pem;
            }
            catch (IOException) when (File.Exists(KeyPath))
            {
                // Another process got there first: use its key.
                return File.ReadAllText(KeyPath);
            }
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>Writes a file only the owner can read (mode 600 on Unix), replacing a leftover of an interrupted rotation.</summary>
    private static void WriteNew(string path, string pem)
    {
        var fileOptions = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var writer = new StreamWriter(path, fileOptions);
        writer.Write(pem);
    }
}
