using Kmt.Core.Accounts;
using Kmt.Core.Common;
using Kmt.Storage.Embedded.Accounts;

namespace Kmt.Storage.Embedded.Tests;

/// <summary>The local signing-key files (the embedded ISigningKeySource): creation, rotation, races between instances.</summary>
public sealed class EmbeddedSigningKeySourceTests : TestDatabase
{
    [Fact]
    public void Signing_key_is_generated_once_persisted_and_reused()
    {
        var first = new EmbeddedSigningKeySource(Options);
        var pem = first.Load().CurrentPem;

        Assert.StartsWith("-----BEGIN RSA PRIVATE KEY-----", pem, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Directory, EmbeddedSigningKeySource.FileName)));
        using (var rsa = System.Security.Cryptography.RSA.Create())
        {
            rsa.ImportFromPem(pem);
            Assert.Equal(2048, rsa.KeySize);
        }

        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(first.KeyPath));
        }

        var second = new EmbeddedSigningKeySource(Options);
        Assert.Equal(new SigningKeyMaterial(pem, []), second.Load());
        Assert.Single(System.IO.Directory.GetFiles(Directory, "signing-key*"));
    }

    [Fact]
    public void Rotation_makes_a_new_current_key_keeps_the_old_one_as_previous_and_other_instances_read_it_without_a_restart()
    {
        var running = new EmbeddedSigningKeySource(Options);
        var before = running.Load();

        new EmbeddedSigningKeySource(Options).Rotate();

        var after = running.Load(); // the same instance, read again
        Assert.NotEqual(before.CurrentPem, after.CurrentPem);
        Assert.Equal([before.CurrentPem], after.PreviousPems);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(running.PreviousKeyPath));
        }

        running.Rotate();
        Assert.Equal([after.CurrentPem], running.Load().PreviousPems);
        Assert.Equal(2, System.IO.Directory.GetFiles(Directory, "signing-key*").Length);
    }

    [Fact]
    public async Task Signing_key_race_between_instances_ends_with_one_key()
    {
        var pems = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => new EmbeddedSigningKeySource(Options).Load().CurrentPem)));

        Assert.Single(pems.Distinct());
        Assert.Equal(pems[0], File.ReadAllText(Path.Combine(Directory, EmbeddedSigningKeySource.FileName)));
    }

}
