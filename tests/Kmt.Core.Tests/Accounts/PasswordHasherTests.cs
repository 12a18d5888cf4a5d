using Kmt.Core.Accounts;
using Kmt.Core.Tests.Fakes;

namespace Kmt.Core.Tests.Accounts;

public class PasswordHasherTests
{
    private readonly PasswordHasher _hasher = new(TestSupport.Options(TestSupport.AuthOptions()));

    [Fact]
    public void Hash_then_verify_round_trips()
    {
        var hash = _hasher.Hash("correct horse battery staple");

        Assert.True(_hasher.Verify("correct horse battery staple", hash));
    }

    [Fact]
    public void Wrong_password_does_not_verify()
    {
        var hash = _hasher.Hash("correct horse battery staple");

        Assert.False(_hasher.Verify("correct horse battery stapler", hash));
        Assert.False(_hasher.Verify("", hash));
    }

    [Fact]
    public void Hash_has_the_documented_format_with_16_byte_salt_and_32_byte_key()
    {
        var parts = _hasher.Hash("pw-12345678").Split('$');

        Assert.Equal(4, parts.Length);
        Assert.Equal("pbkdf2-sha256", parts[0]);
        Assert.Equal("1000", parts[1]);
        Assert.Equal(16, Convert.FromBase64String(parts[2]).Length);
        Assert.Equal(32, Convert.FromBase64String(parts[3]).Length);
    }

    [Fact]
    public void Same_password_gets_a_different_salt_each_time()
    {
        Assert.NotEqual(_hasher.Hash("same password"), _hasher.Hash("same password"));
    }

    [Fact]
    public void Verify_uses_the_iteration_count_stored_in_the_hash()
    {
        var oldHasher = new PasswordHasher(TestSupport.Options(TestSupport.AuthOptions(o => o.PasswordIterations = 1500)));
        var hash = oldHasher.Hash("pw-12345678");

        Assert.True(_hasher.Verify("pw-12345678", hash));
        Assert.False(_hasher.NeedsRehash(hash));
        Assert.True(oldHasher.NeedsRehash(_hasher.Hash("x")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a hash")]
    [InlineData("pbkdf2-sha256$1000$AAAA")]
    [InlineData("pbkdf2-sha1$1000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$abc$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$-5$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$999999999$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$1000$!!!notbase64$AAAA")]
    public void Malformed_stored_hashes_never_verify(string stored)
    {
        Assert.False(_hasher.Verify("anything", stored));
    }

    [Fact]
    public void Tampered_hash_or_salt_does_not_verify()
    {
        var parts = _hasher.Hash("pw-12345678").Split('$');
        var key = Convert.FromBase64String(parts[3]);
        key[0] ^= 0x01;
        var tamperedKey = string.Join('$', parts[0], parts[1], parts[2], Convert.ToBase64String(key));
        var salt = Convert.FromBase64String(parts[2]);
        salt[5] ^= 0x80;
        var tamperedSalt = string.Join('$', parts[0], parts[1], Convert.ToBase64String(salt), parts[3]);
        var tamperedIterations = string.Join('$', parts[0], "1001", parts[2], parts[3]);

        Assert.False(_hasher.Verify("pw-12345678", tamperedKey));
        Assert.False(_hasher.Verify("pw-12345678", tamperedSalt));
        Assert.False(_hasher.Verify("pw-12345678", tamperedIterations));
    }

    [Fact]
    public void Configuration_below_1000_iterations_is_rejected()
    {
        var options = TestSupport.Options(TestSupport.AuthOptions(o => o.PasswordIterations = 999));

        Assert.Throws<InvalidOperationException>(() => new PasswordHasher(options));
    }
}
