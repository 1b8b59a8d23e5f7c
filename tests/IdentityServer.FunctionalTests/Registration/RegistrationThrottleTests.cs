using System.Net;
using Aict.IdentityServer.FunctionalTests.Throttling;

namespace Aict.IdentityServer.FunctionalTests.Registration;

/// <summary>Guessing initial or registration access tokens counts as failed client authentication: past the limit an address gets 429.</summary>
public sealed class RegistrationThrottleTests : IAsyncLifetime
{
    private readonly ThrottledServers _servers = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _servers.DisposeAsync();

    [Fact]
    public async Task Wrong_bearer_tokens_from_one_address_block_it_at_the_registration_endpoints_while_another_address_registers()
    {
        var server = await _servers.StartAsync(perAddress: 3, global: 1000);
        var guesser = new RegistrationCalls(TestClientAddress.From(server.CreateBackChannel(), "203.0.113.30"));
        var partner = new RegistrationCalls(TestClientAddress.From(server.CreateBackChannel(), "198.51.100.30"));

        var guesses = new List<Answer>();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            guesses.Add(await guesser.RegisterAsync($"guess-{attempt}", RegistrationCalls.WebClient()));
        }

        var blocked = await guesser.RegisterAsync(RegistrationCalls.DemoToken, RegistrationCalls.WebClient());
        var blockedManagement = await guesser.SendAsync(HttpMethod.Get, "/connect/register/anything", "guess");
        var other = await partner.RegisterAsync(RegistrationCalls.DemoToken, RegistrationCalls.WebClient());

        Assert.All(guesses, g => Assert.Equal(HttpStatusCode.Unauthorized, g.Status));
        Assert.Equal(HttpStatusCode.TooManyRequests, blocked.Status);
        Assert.NotNull(blocked.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.TooManyRequests, blockedManagement.Status);
        Assert.Equal(HttpStatusCode.Created, other.Status);
    }
}
