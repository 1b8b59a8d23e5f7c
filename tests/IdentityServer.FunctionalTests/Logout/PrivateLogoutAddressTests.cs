using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Aict.IdentityServer.Platform.Data;
using Aict.IdentityServer.Sessions.BackchannelLogout;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aict.IdentityServer.FunctionalTests.Logout;

/// <summary>Outside Development, logout notices never reach loopback, link-local or private addresses (no SSRF into the server's network).</summary>
public sealed class PrivateLogoutAddressTests : IAsyncLifetime, IDisposable
{
    private readonly TestDatabase _database = TestDatabase.Sqlite();
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

    private int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    [Fact]
    public async Task Outside_Development_a_notice_for_a_logout_uri_on_127_0_0_1_is_given_up_without_connecting()
    {
        await using var factory = Server("Production");
        // Stored as it is, the way a registration made before this rule (or by hand) would be.
        var client = await TestClients.CreateWebClientAsync(factory, descriptor => descriptor.Properties[BackchannelLogoutRegistration.UriProperty] =
            JsonSerializer.SerializeToElement($"https://127.0.0.1:{Port}/backchannel-logout"));
        var sessionId = await OweNoticeAsync(factory, client.ClientId);

        var delivery = await Eventually.MatchAsync(() => DeliveryAsync(factory, sessionId), d => d.AbandonedAt is not null, "the notice to be given up");

        Assert.Null(delivery.DeliveredAt);
        Assert.False(_listener.Pending(), "nothing may connect to the loopback address");
    }

    [Theory]
    [InlineData("Production", null, false)]
    [InlineData("Production", "true", true)]
    [InlineData("Development", null, true)]
    public async Task A_host_name_that_resolves_to_loopback_is_reached_only_in_Development_or_where_private_networks_are_allowed(
        string environment, string? allowPrivateNetworks, bool reached)
    {
        await using var receiver = await BackchannelLogoutReceiver.StartAsync();
        await using var factory = Server(environment, allowPrivateNetworks);
        using var http = factory.Services.GetRequiredService<IHttpClientFactory>().CreateClient(LogoutNoticeRound.HttpClientName);
        // Not an address in the URI: only resolving the name when connecting shows where it leads.
        var byName = new UriBuilder(receiver.LogoutUri) { Host = "localhost" }.Uri;

        var post = http.PostAsync(byName, new FormUrlEncodedContent([KeyValuePair.Create("logout_token", "x")]));

        if (reached)
        {
            using var response = await post;
            Assert.Single(receiver.Received);
        }
        else
        {
            var refused = await Assert.ThrowsAsync<HttpRequestException>(() => post);
            Assert.IsType<PrivateAddressException>(refused.InnerException);
            Assert.Empty(receiver.Received);
        }
    }

    public Task InitializeAsync()
    {
        _listener.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _listener.Stop();
        await _database.DisposeAsync();
    }

    public void Dispose() => _listener.Dispose();

    private IdentityServerFactory Server(string environment, string? allowPrivateNetworks = null) => new(_database,
        new Dictionary<string, string?>(environment == "Development" ? [] : IdentityServerFactory.ProductionSettings)
        {
            ["BackchannelLogout:PollInterval"] = "00:00:00.100",
            ["BackchannelLogout:AllowPrivateNetworks"] = allowPrivateNetworks ?? "false",
        },
        environment);

    private static async Task<string> OweNoticeAsync(IdentityServerFactory factory, string clientId)
    {
        var sessionId = Guid.NewGuid().ToString("N");
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var now = factory.Clock.GetUtcNow();
        db.BackchannelLogoutDeliveries.Add(new BackchannelLogoutDelivery
        {
            ClientId = clientId, Subject = "someone", SessionId = sessionId, CreatedAt = now, NextAttemptAt = now,
        });
        await db.SaveChangesAsync();
        return sessionId;
    }

    private static async Task<BackchannelLogoutDelivery> DeliveryAsync(IdentityServerFactory factory, string sessionId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().BackchannelLogoutDeliveries.AsNoTracking()
            .SingleAsync(d => d.SessionId == sessionId);
    }
}
