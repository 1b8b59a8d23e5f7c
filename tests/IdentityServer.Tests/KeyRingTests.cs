using System.Security.Cryptography;
using Aict.IdentityServer.Protocol.Signing;
using Microsoft.IdentityModel.Tokens;

namespace Aict.IdentityServer.Tests;

public sealed class KeyRingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_newest_activated_key_signs_and_a_pending_key_waits()
    {
        var ring = new KeyRing(new FixedClock(Now));
        ring.Load([(Key("old"), Now.AddDays(-100)), (Key("current"), Now.AddDays(-1)), (Key("next"), Now.AddDays(1))], Encryption());

        Assert.Equal("current", ring.ActiveSigningCredentials("RS256").Key.KeyId);
        Assert.Equal(["next", "current", "old"], ring.SigningCredentials.Select(c => c.Key.KeyId));
    }

    [Fact]
    public void With_only_pending_keys_the_oldest_signs()
    {
        var ring = new KeyRing(new FixedClock(Now));
        ring.Load([(Key("later"), Now.AddDays(2)), (Key("sooner"), Now.AddDays(1))], Encryption());

        Assert.Equal("sooner", ring.ActiveSigningCredentials("RS256").Key.KeyId);
    }

    [Fact]
    public void Each_algorithm_has_its_own_active_key()
    {
        var ring = new KeyRing(new FixedClock(Now));
        ring.Load([(Key("rsa"), Now.AddDays(-10)), (EcKey("ec"), Now.AddDays(-20)), (EcKey("ec-next"), Now.AddDays(1))], Encryption());

        Assert.Equal("rsa", ring.ActiveSigningCredentials("RS256").Key.KeyId);
        Assert.Equal("ec", ring.ActiveSigningCredentials("ES256").Key.KeyId);
    }

    [Fact]
    public void An_algorithm_without_a_key_is_named_in_the_error()
    {
        var ring = new KeyRing(new FixedClock(Now));
        ring.Load([(Key("rsa"), Now.AddDays(-10))], Encryption());

        var error = Assert.Throws<InvalidOperationException>(() => ring.ActiveSigningCredentials("ES256"));

        Assert.Contains("ES256", error.Message);
    }

    [Fact]
    public void An_unloaded_ring_says_what_is_missing()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new KeyRing(TimeProvider.System).ActiveSigningCredentials("RS256"));

        Assert.Contains("PrepareIdentityDatabaseAsync", error.Message);
    }

    private static SigningCredentials Key(string id) =>
        new(new RsaSecurityKey(RSA.Create(2048)) { KeyId = id }, SecurityAlgorithms.RsaSha256);

    private static SigningCredentials EcKey(string id) =>
        new(new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = id }, SecurityAlgorithms.EcdsaSha256);

    private static EncryptingCredentials Encryption() =>
        new(new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)), SecurityAlgorithms.Aes256KW, SecurityAlgorithms.Aes256CbcHmacSha512);

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
