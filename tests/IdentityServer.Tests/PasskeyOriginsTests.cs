using Aict.IdentityServer.SignIn.Mfa.Passkeys;
using Fido2NetLib.Objects;

namespace Aict.IdentityServer.Tests;

/// <summary>Which configured origins may run passkey ceremonies, and how stored transports become descriptors again.</summary>
public sealed class PasskeyOriginsTests
{
    [Theory]
    [InlineData("https://example.com", true)]
    [InlineData("https://id.example.com", true)]
    [InlineData("https://id.example.com:8443", true)]
    [InlineData("http://id.example.com", false)]
    [InlineData("https://id.example.com/login", false)]
    [InlineData("https://example.com.evil.test", false)]
    [InlineData("https://notexample.com", false)]
    [InlineData("example.com", false)]
    public void Outside_Development_an_origin_must_be_https_on_the_relying_party_or_a_subdomain(string origin, bool allowed) =>
        Assert.Equal(allowed, PasskeyOrigins.IsAllowed(origin, "example.com", development: false));

    [Fact]
    public void Development_also_allows_plain_http_on_localhost() =>
        Assert.True(PasskeyOrigins.IsAllowed("http://localhost:5300", "localhost", development: true));

    [Theory]
    [InlineData("https://id.example.com/", "https://id.example.com")]
    [InlineData("https://ID.example.com:443", "https://id.example.com")]
    [InlineData("http://localhost:5100", "http://localhost:5100")]
    public void Origins_are_compared_as_the_browser_writes_them(string configured, string normalized) =>
        Assert.Equal(normalized, PasskeyOrigins.Normalize(configured));

    [Fact]
    public void Stored_transports_become_the_descriptors_transports_again()
    {
        var stored = PasskeyDescriptors.Format([AuthenticatorTransport.Internal, AuthenticatorTransport.Hybrid, AuthenticatorTransport.SmartCard]);

        var descriptor = PasskeyDescriptors.Of([1, 2, 3], stored);

        Assert.Equal("internal,hybrid,smart-card", stored);
        Assert.Equal([AuthenticatorTransport.Internal, AuthenticatorTransport.Hybrid, AuthenticatorTransport.SmartCard], descriptor.Transports);
    }
}
