using System.Net;
using Aict.IdentityServer.Detection.Attacks;
using Aict.ServiceDefaults.Edge;

namespace Aict.IdentityServer.Tests;

public sealed class AttackStateTests
{
    [Theory]
    [InlineData("203.0.113.7", "203.0.113.0/24")]
    [InlineData("::ffff:203.0.113.250", "203.0.113.0/24")]
    [InlineData("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64")]
    public void A_network_is_an_IPv4_24_or_an_IPv6_64(string address, string network) =>
        Assert.Equal(network, ClientAddress.Network(IPAddress.Parse(address)));

    [Fact]
    public void An_identifier_is_trimmed_lower_cased_and_hashed_so_keys_hold_no_address()
    {
        var hash = AttackSubjects.IdentifierHash("  Alice@Example.COM ");

        Assert.Equal(AttackSubjects.IdentifierHash("alice@example.com"), hash);
        Assert.Matches("^[0-9a-f]{64}$", hash);
        Assert.DoesNotContain("alice", AttackSubjects.PairScope(hash, IPAddress.Parse("203.0.113.7")), StringComparison.Ordinal);
    }

    [Fact]
    public void A_published_block_holds_until_its_end_on_this_clock_and_one_already_over_is_ignored()
    {
        var clock = new SteppingClock();
        var blocks = new AttackBlocks(clock);
        var now = clock.Now.ToUnixTimeMilliseconds();

        blocks.ApplyPublished($"net:203.0.113.0/24|{now + 60_000}");
        blocks.ApplyPublished($"net:198.51.100.0/24|{now - 1}");
        blocks.ApplyPublished("net:192.0.2.0/24|not-a-time");
        var during = blocks.RetryAfter("net:203.0.113.0/24");
        clock.Now += TimeSpan.FromSeconds(60);

        Assert.Equal(TimeSpan.FromSeconds(60), during);
        Assert.Null(blocks.RetryAfter("net:203.0.113.0/24"));
        Assert.Null(blocks.RetryAfter("net:198.51.100.0/24"));
        Assert.Null(blocks.RetryAfter("net:192.0.2.0/24"));
    }

    [Fact]
    public void The_spray_flag_is_on_until_its_end()
    {
        var clock = new SteppingClock();
        var blocks = new AttackBlocks(clock);

        var before = blocks.SprayInProgress;
        blocks.SetSprayUntil(clock.Now.AddMinutes(5).ToUnixTimeMilliseconds());
        var during = blocks.SprayInProgress;
        clock.Now += TimeSpan.FromMinutes(5);

        Assert.False(before);
        Assert.True(during);
        Assert.False(blocks.SprayInProgress);
    }

    private sealed class SteppingClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
