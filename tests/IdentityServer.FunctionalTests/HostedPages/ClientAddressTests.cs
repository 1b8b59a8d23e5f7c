using System.Net;
using Aict.IdentityServer.Administration.Audit;
using Aict.IdentityServer.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aict.IdentityServer.FunctionalTests.HostedPages;

/// <summary>
/// Over real sockets: the client address in session and audit records, and the scheme, come from
/// <c>X-Forwarded-For</c>/<c>X-Forwarded-Proto</c> only when a trusted proxy sent them; anyone else's are ignored.
/// </summary>
public sealed class ClientAddressTests : IAsyncLifetime
{
    private const string ClientAddress = "203.0.113.7";

    private readonly TestDatabase _database = TestDatabase.Sqlite();

    [Fact]
    public async Task A_sign_in_through_a_trusted_proxy_records_the_forwarded_client_address()
    {
        // Development trusts loopback, where this test's requests come from.
        await using var factory = new IdentityServerFactory(_database);

        var recorded = await SignInAliceThroughAsync(factory);

        Assert.Equal((ClientAddress, ClientAddress), recorded);
    }

    [Fact]
    public async Task The_same_header_from_a_peer_that_is_not_a_trusted_proxy_is_ignored_and_the_real_peer_is_recorded()
    {
        await using var factory = new IdentityServerFactory(_database, new Dictionary<string, string?> { ["ForwardedHeaders:KnownProxies:0"] = "10.20.30.40" });

        var recorded = await SignInAliceThroughAsync(factory);

        Assert.Equal(("127.0.0.1", "127.0.0.1"), recorded);
    }

    [Theory]
    [InlineData("127.0.0.1", HttpStatusCode.OK)]
    [InlineData("10.20.30.40", HttpStatusCode.BadRequest)]
    public async Task Outside_Development_only_a_trusted_proxy_can_say_the_client_used_HTTPS(string trustedProxy, HttpStatusCode expected)
    {
        await using var factory = new IdentityServerFactory(_database, new Dictionary<string, string?>(IdentityServerFactory.ProductionSettings)
        {
            ["ForwardedHeaders:Mode"] = null,
            ["ForwardedHeaders:KnownProxies:0"] = trustedProxy,
        }, "Production");
        using var http = new HttpClient { BaseAddress = KestrelHosting.StartOnLocalhost(factory) };

        using var request = new HttpRequestMessage(HttpMethod.Get, "/.well-known/openid-configuration") { Headers = { { "X-Forwarded-Proto", "https" } } };
        using var response = await http.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Outside_Development_the_server_does_not_start_without_forwarded_header_settings_and_names_them()
    {
        await using var factory = new IdentityServerFactory(_database,
            new Dictionary<string, string?>(IdentityServerFactory.ProductionSettings) { ["ForwardedHeaders:Mode"] = null }, "Production");

        var failure = Record.Exception(() => factory.CreateBackChannel());

        Assert.NotNull(failure);
        Assert.Contains("ForwardedHeaders:KnownProxies or ForwardedHeaders:KnownNetworks is required outside Development", failure.ToString());
        Assert.Contains("ForwardedHeaders:Mode=None", failure.ToString());
    }

    /// <summary>Signs Alice in over Kestrel claiming to be <see cref="ClientAddress"/>; returns the address her session and audit record hold.</summary>
    private static async Task<(string? Session, string? Audit)> SignInAliceThroughAsync(IdentityServerFactory factory)
    {
        var address = KestrelHosting.Start(factory);
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true };
        using var browser = new Browser(new HttpClient(handler) { BaseAddress = address, DefaultRequestHeaders = { { "X-Forwarded-For", ClientAddress } } });

        var signedIn = await browser.SignInAsync(await browser.GoAsync("/account/login"), DemoRealm.Alice.Email, DemoRealm.Alice.Password);

        Assert.NotEqual("/account/login", signedIn.Path);
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var alice = await db.Users.SingleAsync(user => user.Email == DemoRealm.Alice.Email);
        var session = await db.Sessions.SingleAsync(s => s.UserId == alice.Id);
        var audit = await db.AuditEvents.SingleAsync(e => e.UserId == alice.Id && e.Type == AuditEventTypes.SignedIn);
        return (session.IpAddress, audit.IpAddress);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _database.DisposeAsync();
}
