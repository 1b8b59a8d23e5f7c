using System.Net;
using Aict.IdentityServer.Platform.Throttling;
using Aict.ServiceDefaults.Edge;

namespace Aict.IdentityServer.Tests;

public sealed class ThrottleStateTests
{
    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::ffff", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:3::1", "2001:db8:1:3::/64")]
    public void An_IPv4_address_counts_whole_and_an_IPv6_address_by_its_64_bit_prefix(string address, string key) =>
        Assert.Equal(key, ClientAddress.CountingKey(IPAddress.Parse(address)));

    [Fact]
    public void A_request_without_a_peer_address_counts_as_unknown() =>
        Assert.Equal(ClientAddress.Unknown, ClientAddress.CountingKey(null));

    [Fact]
    public void A_block_lasts_its_duration_and_then_lets_the_scope_through()
    {
        var clock = new SteppingClock();
        var blocks = new ThrottleBlocks(clock);

        blocks.Block("sign-in:address:203.0.113.7", TimeSpan.FromSeconds(30));
        var during = blocks.RetryAfter("sign-in:address:203.0.113.7");
        var elsewhere = blocks.RetryAfter("sign-in:address:203.0.113.8");
        var activeDuring = blocks.AnyActive;
        clock.Now += TimeSpan.FromSeconds(31);

        Assert.Equal(TimeSpan.FromSeconds(30), during);
        Assert.Null(elsewhere);
        Assert.True(activeDuring);
        Assert.False(blocks.AnyActive);
        Assert.Null(blocks.RetryAfter("sign-in:address:203.0.113.7"));
    }

    [Fact]
    public void A_shorter_block_heard_later_does_not_cut_a_longer_one_short()
    {
        var clock = new SteppingClock();
        var blocks = new ThrottleBlocks(clock);

        blocks.Block("client-authentication:global", TimeSpan.FromMinutes(5));
        blocks.Block("client-authentication:global", TimeSpan.FromSeconds(10));

        Assert.Equal(TimeSpan.FromMinutes(5), blocks.RetryAfter("client-authentication:global"));
    }

    [Theory]
    [InlineData(0.2, 1)]
    [InlineData(1.0, 1)]
    [InlineData(59.01, 60)]
    public void Retry_After_is_whole_seconds_rounded_up_and_never_zero(double seconds, long header) =>
        Assert.Equal(header, FailureThrottle.RetryAfterSeconds(TimeSpan.FromSeconds(seconds)));

    private sealed class SteppingClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
