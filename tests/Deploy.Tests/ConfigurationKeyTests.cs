using Aict.Deploy.Tests.Manifests;
using Aict.Deploy.Tests.Services;

namespace Aict.Deploy.Tests;

/// <summary>The key check itself: it knows the keys the services read and reports the ones they do not.</summary>
public sealed class ConfigurationKeyTests
{
    [Fact]
    public void A_misspelled_key_in_a_manifest_is_reported()
    {
        var manifests = new KubernetesManifests(Path.Combine(AppContext.BaseDirectory, "Fixtures", "misspelled-keys"));
        var workload = manifests.Workloads().Single();

        var unknown = ConfigurationKeys.For(FleetService.ForImage(workload.Repository)).Unknown(workload.Environment.Keys);

        Assert.Equal(["Database__MigrateOnStrat", "Server__Isuer", "Signing__RotateAftr"], unknown);
    }

    [Theory]
    [InlineData("IdentityServer", "Server__Issuer")]
    [InlineData("IdentityServer", "ConnectionStrings__identity")]
    [InlineData("IdentityServer", "Mfa__Passkeys__Origins__3")]
    [InlineData("IdentityServer", "DataProtection__Certificate__Previous__0__Path")]
    [InlineData("CommerceApi", "Identity__Authority")]
    [InlineData("SsoPortal", "Oidc__ClientSecret")]
    [InlineData("Gateway", "ReverseProxy__Clusters__portal__Destinations__p9__Address")]
    [InlineData("Gateway", "ForwardedHeaders__KnownNetworks__0")]
    public void Keys_the_service_reads_are_known(string project, string key) =>
        Assert.True(ConfigurationKeys.For(FleetService.All.Single(service => service.Project == project)).IsKnown(key));

    [Theory]
    [InlineData("CommerceApi", "Server__Issuer")]
    [InlineData("CommerceApi", "ConnectionStrings__identity")]
    [InlineData("SsoPortal", "Seed__Demo")]
    [InlineData("Gateway", "ReverseProxy__Clusters__billing__Destinations__b1__Address")]
    public void Keys_of_another_service_are_not(string project, string key) =>
        Assert.False(ConfigurationKeys.For(FleetService.All.Single(service => service.Project == project)).IsKnown(key));
}
