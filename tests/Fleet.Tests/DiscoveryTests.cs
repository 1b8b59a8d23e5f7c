using System.Net;
using System.Text.Json;
using Aict.Fleet.Tests.Infrastructure;

namespace Aict.Fleet.Tests;

/// <summary>The gateway is the fleet's front door: its address is the issuer, and every service answers behind it.</summary>
[Collection(TheFleet.Name)]
public sealed class DiscoveryTests(FleetFixture fleet)
{
    /// <summary>The gateway's choice (null), then each instance pinned.</summary>
    private static readonly string?[] GatewayAndInstances = [null, .. FleetFixture.Instances];

    [Fact]
    public async Task Discovery_through_the_gateway_names_the_gateway_as_issuer_on_every_instance()
    {
        foreach (var instance in GatewayAndInstances)
        {
            using var client = fleet.CreateClient(fleet.Identity, instance);

            var discovery = JsonDocument.Parse(await client.Http.GetStringAsync(new Uri("/.well-known/openid-configuration", UriKind.Relative))).RootElement;

            Assert.Equal(fleet.Issuer, discovery.GetProperty("issuer").GetString());
            Assert.StartsWith(fleet.Issuer, discovery.GetProperty("authorization_endpoint").GetString(), StringComparison.Ordinal);
            Assert.StartsWith(fleet.Issuer, discovery.GetProperty("token_endpoint").GetString(), StringComparison.Ordinal);
            Assert.StartsWith(fleet.Issuer, discovery.GetProperty("jwks_uri").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Every_instance_of_every_service_is_healthy_behind_the_gateway()
    {
        foreach (var address in new[] { fleet.Identity, fleet.Commerce, fleet.Portal })
        {
            foreach (var instance in GatewayAndInstances)
            {
                using var client = fleet.CreateClient(address, instance);
                using var response = await client.Http.GetAsync(new Uri("/health", UriKind.Relative));
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{address} ({instance ?? "gateway"}): {(int)response.StatusCode}");
            }
        }
    }
}
