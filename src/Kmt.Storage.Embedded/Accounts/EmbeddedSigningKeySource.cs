using System.Security.Cryptography;
using Kmt.Core.Accounts;
using Microsoft.Extensions.Options;

namespace Kmt.Storage.Embedded.Accounts;

/// <summary>
/// The local signing key: signing-key.pem in the data directory, generated (RSA 2048, PKCS#1 PEM)
/// on first use and kept, so tokens stay valid across restarts. Created under a temporary name
/// (mode 600 on Unix) and moved into place without overwriting, so when two processes race both
/// end up with the winner's key.
/// </summary>
public sealed class EmbeddedSigningKeySource : ISigningKeySource
{
    public const string FileName = "signing-key.pem";

    private readonly Lazy<string> _pem;

    public EmbeddedSigningKeySource(IOptions<EmbeddedStoreOptions> options)
    {
        KeyPath = Path.Combine(options.Value.ResolveDataDirectory(), FileName);
        _pem = new Lazy<string>(LoadOrCreate, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public string KeyPath { get; }

    public string GetPrivateKeyPem() => _pem.Value;

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
            var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var writer = new StreamWriter(temp, fileOptions))
            {
                writer.Write(pem);
            }

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
}
