using Aict.SsoPortal.Authentication;
using Aict.SsoPortal.Sessions;
using Aict.SsoPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Aict.SsoPortal.Tests;

/// <summary>The server-side ticket store against the test Redis: tokens stay on the server, encrypted, findable by sid.</summary>
public sealed class TicketStoreTests : IAsyncLifetime
{
    private readonly PortalOptions _options = new() { KeyPrefix = $"test:{Guid.NewGuid():N}:portal:" };
    private ConnectionMultiplexer _redis = null!;
    private RedisTicketStore _store = null!;

    public async Task InitializeAsync()
    {
        _redis = await ConnectionMultiplexer.ConnectAsync(TestRedis.ConnectionString);
        _store = new RedisTicketStore(_redis, new EphemeralDataProtectionProvider(), Options.Create(_options), TimeProvider.System);
    }

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task A_stored_ticket_comes_back_with_its_principal_and_tokens()
    {
        var key = await _store.StoreAsync(Tickets.For("sid-1", accessToken: "the-access-token", refreshToken: "the-refresh-token"));

        var ticket = await _store.RetrieveAsync(key);

        Assert.NotNull(ticket);
        Assert.Equal("sid-1", ticket.Principal.FindFirst("sid")?.Value);
        Assert.Equal("the-access-token", ticket.Properties.GetTokenValue("access_token"));
        Assert.Equal("the-refresh-token", ticket.Properties.GetTokenValue("refresh_token"));
        Assert.Equal(key, ticket.Properties.Items[RedisTicketStore.KeyItem]);
    }

    [Fact]
    public async Task Redis_holds_the_tokens_encrypted()
    {
        var key = await _store.StoreAsync(Tickets.For("sid-2", accessToken: "plain-access-token-value"));

        var raw = (byte[]?)await _redis.GetDatabase().StringGetAsync($"{_options.KeyPrefix}ticket:{key}");

        Assert.NotNull(raw);
        Assert.DoesNotContain("plain-access-token-value", System.Text.Encoding.UTF8.GetString(raw));
    }

    [Fact]
    public async Task A_ticket_expires_in_Redis_when_its_cookie_would()
    {
        var key = await _store.StoreAsync(Tickets.For("sid-3", expiresUtc: DateTimeOffset.UtcNow.AddMinutes(10)));

        var left = await _redis.GetDatabase().KeyTimeToLiveAsync($"{_options.KeyPrefix}ticket:{key}");

        Assert.InRange(left!.Value, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(10));
    }

    [Fact]
    public async Task Renewing_a_ticket_replaces_its_tokens_under_the_same_key()
    {
        var key = await _store.StoreAsync(Tickets.For("sid-4", accessToken: "old"));
        var renewed = Tickets.For("sid-4", accessToken: "new");
        renewed.Properties.Items[RedisTicketStore.KeyItem] = key;

        await _store.RenewAsync(key, renewed);

        Assert.Equal("new", (await _store.RetrieveAsync(key))?.Properties.GetTokenValue("access_token"));
    }

    [Fact]
    public async Task Ending_a_session_removes_every_ticket_of_its_sid_and_no_other()
    {
        var sid = $"sid-{Guid.NewGuid():N}";
        var first = await _store.StoreAsync(Tickets.For(sid));
        var second = await _store.StoreAsync(Tickets.For(sid));
        var other = await _store.StoreAsync(Tickets.For("another-sid"));

        var removed = await _store.RemoveSessionAsync(sid);

        Assert.Equal(2, removed);
        Assert.Null(await _store.RetrieveAsync(first));
        Assert.Null(await _store.RetrieveAsync(second));
        Assert.NotNull(await _store.RetrieveAsync(other));
    }

    [Fact]
    public async Task A_removed_ticket_is_gone_and_leaves_the_sid_index()
    {
        var sid = $"sid-{Guid.NewGuid():N}";
        var key = await _store.StoreAsync(Tickets.For(sid));

        await _store.RemoveAsync(key);

        Assert.Null(await _store.RetrieveAsync(key));
        Assert.Equal(0, await _store.RemoveSessionAsync(sid));
    }

    [Fact]
    public async Task A_ticket_this_key_ring_cannot_read_counts_as_signed_out()
    {
        var key = await _store.StoreAsync(Tickets.For("sid-5"));
        var otherRing = new RedisTicketStore(_redis, new EphemeralDataProtectionProvider(), Options.Create(_options), TimeProvider.System);

        Assert.Null(await otherRing.RetrieveAsync(key));
    }
}
