using Aict.SsoPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using StackExchange.Redis;

namespace Aict.SsoPortal.Tests;

/// <summary>
/// The portal's Data Protection key ring, in Redis beside the session tickets it encrypts, is itself encrypted with
/// the configured certificate; outside Development the portal does not start without one.
/// </summary>
public sealed class KeyRingTests : IAsyncLifetime
{
    private readonly StubIssuer _issuer = new();
    private ConnectionMultiplexer _redis = null!;

    [Fact]
    public async Task With_a_certificate_Redis_holds_the_key_ring_encrypted_and_a_restarted_portal_reads_its_tickets()
    {
        var certificate = KeyRingCertificates.Create();
        await using var first = WithIssuer(certificate.Settings());
        var ticketKey = await first.Tickets.StoreAsync(Tickets.For("sid-key-ring", accessToken: "access-token-before-restart"));

        var stored = (await _redis.GetDatabase().ListRangeAsync($"{first.KeyPrefix}data-protection-keys")).Select(entry => entry.ToString()).ToList();
        await using var restarted = first.Restarted();
        var ticket = await restarted.Tickets.RetrieveAsync(ticketKey);

        Assert.NotEmpty(stored);
        Assert.All(stored, xml =>
        {
            Assert.Contains("<encryptedSecret", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
        });
        Assert.Equal("access-token-before-restart", ticket?.Properties.GetTokenValue("access_token"));
    }

    [Theory]
    [InlineData("DataProtection:Certificate:Path", "DataProtection:Certificate:Path (or DataProtection:Certificate:Thumbprint) is required outside Development")]
    [InlineData("ForwardedHeaders:Mode", "ForwardedHeaders:KnownProxies or ForwardedHeaders:KnownNetworks is required outside Development")]
    [InlineData("AllowedHosts", "AllowedHosts is required outside Development and may not be '*'")]
    public async Task Outside_Development_the_portal_does_not_start_without_the_setting_and_names_it(string key, string expected)
    {
        await using var portal = WithIssuer(new Dictionary<string, string?> { [key] = null }, "Production");

        var failure = Record.Exception(() => portal.CreateClient());

        Assert.NotNull(failure);
        Assert.Contains(expected, failure.ToString());
    }

    private PortalFactory WithIssuer(IReadOnlyDictionary<string, string?> settings, string environment = "Development") =>
        PortalFactory.WithIssuerConfiguration(_issuer.Configuration, settings, environment);

    public async Task InitializeAsync() => _redis = await ConnectionMultiplexer.ConnectAsync(TestRedis.ConnectionString);

    public async Task DisposeAsync() => await _redis.DisposeAsync();
}
