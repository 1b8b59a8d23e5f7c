using System.Net;
using Aict.IdentityServer.Detection.Devices;
using Aict.IdentityServer.Detection.Geo;
using Aict.IdentityServer.Detection.Risk;
using Aict.ServiceDefaults.Edge;

namespace Aict.IdentityServer.Tests;

/// <summary>The pieces of the risk rules that need no server: places, distances, networks and levels.</summary>
public sealed class SignInRiskRulesTests
{
    private static readonly string TestDatabase = Path.Combine(AppContext.BaseDirectory, "GeoData", "GeoIP2-City-Test.mmdb");

    [Theory]
    [InlineData("192.0.2.10", "Seoul", "KR")]
    [InlineData("198.51.100.200", "New York", "US")]
    [InlineData("203.0.113.1", "Frankfurt", "DE")]
    [InlineData("::ffff:192.0.2.10", "Seoul", "KR")]
    public void The_development_table_places_the_documentation_ranges(string address, string city, string country)
    {
        var location = new DevelopmentLocations().Find(IPAddress.Parse(address));

        Assert.Equal((city, country), (location?.City, location?.Country));
    }

    [Theory]
    [InlineData("10.0.0.1")]
    [InlineData("127.0.0.1")]
    [InlineData("2001:db8::1")]
    public void Private_and_other_addresses_have_no_place(string address) =>
        Assert.Null(new DevelopmentLocations().Find(IPAddress.Parse(address)));

    [Fact]
    public void Seoul_to_New_York_is_about_eleven_thousand_kilometres()
    {
        var locations = new DevelopmentLocations();

        var distance = locations.Find(IPAddress.Parse("192.0.2.1"))!.DistanceKmTo(locations.Find(IPAddress.Parse("198.51.100.1"))!);

        Assert.InRange(distance, 11_000, 11_100);
    }

    [Fact]
    public void The_MaxMind_reader_finds_a_city_in_a_GeoIP2_City_database_and_nothing_for_a_private_address()
    {
        using var locations = new MaxMindLocations(TestDatabase);

        var london = locations.Find(IPAddress.Parse("81.2.69.142"));

        Assert.Equal(("London", "GB"), (london?.City, london?.Country));
        Assert.Equal(51.5142, london!.Latitude, 3);
        Assert.Null(locations.Find(IPAddress.Parse("10.1.2.3")));
        Assert.True(MaxMindLocations.CanOpen(TestDatabase));
        Assert.False(MaxMindLocations.CanOpen(Path.Combine(AppContext.BaseDirectory, "no-such.mmdb")));
    }

    [Theory]
    [InlineData("192.0.2.77", "192.0.2.0/24")]
    [InlineData("::ffff:198.51.100.9", "198.51.100.0/24")]
    [InlineData("2001:db8:7:1:ffff::2", "2001:db8:7:1::/64")]
    public void A_network_is_the_24_bit_or_64_bit_prefix(string address, string network) =>
        Assert.Equal(network, ClientAddress.Network(IPAddress.Parse(address)));

    [Theory]
    [InlineData("", RiskLevel.None)]
    [InlineData("new_device", RiskLevel.Low)]
    [InlineData("impossible_travel", RiskLevel.Medium)]
    [InlineData("impossible_travel new_device", RiskLevel.High)]
    [InlineData("impossible_travel password_spray_in_progress", RiskLevel.High)]
    public void The_level_is_the_highest_reason_and_high_when_signals_coincide(string reasons, RiskLevel level) =>
        Assert.Equal(level, RiskReasons.LevelOf(reasons.Split(' ', StringSplitOptions.RemoveEmptyEntries)));
}
