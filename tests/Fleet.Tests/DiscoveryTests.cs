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
            using var client = FleetFixture.CreateClient(fleet.Identity, instance);

            var discovery = JsonDocument.Parse(await client.Http.GetStringAsync(new Uri("/.well-known/openid-configuration", UriKind.Relative))).RootElement;

            Assert.Equal(fleet.Issuer, discovery.GetProperty("issuer").GetString());
            Assert.StartsWith(fleet.Issuer, discovery.GetProperty("authorization_endpoint").GetString(), StringComparison.Ordinal);
            Assert.StartsWith(fleet.Issuer, discovery.GetProperty("token_endpoint").GetString(), StringComparison.Ordinal);
            Assert.StartsWith(fleet.Issuer, discovery.GetProperty("jwks_uri").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Every_instance_of_every_service_is_healthy_and_so_is_the_gateway_on_every_address()
    {
        foreach (var address in new[] { fleet.Identity, fleet.Commerce, fleet.Portal })
        {
            foreach (var instance in FleetFixture.Instances)
            {
                using var direct = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{fleet.InstancePort(address, instance)}/") };
                using var response = await direct.GetAsync(new Uri("/health", UriKind.Relative));
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{address} ({instance}): {(int)response.StatusCode}");
            }

            // On every public address the gateway answers its own /health: ready while every service has an instance in rotation.
            using var client = FleetFixture.CreateClient(address);
            using var gateway = await client.Http.GetAsync(new Uri("/health", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, gateway.StatusCode);
        }
    }
}
