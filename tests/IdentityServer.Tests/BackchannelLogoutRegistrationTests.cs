using System.Collections.Immutable;
using System.Net;
using Aict.IdentityServer.Sessions.BackchannelLogout;
using Microsoft.Extensions.Configuration;
using OpenIddict.Abstractions;

namespace Aict.IdentityServer.Tests;

public sealed class BackchannelLogoutRegistrationTests
{
    private static readonly LogoutUriRule Production = new(RequireHttps: true, AllowPrivateNetworks: false);

    [Fact]
    public void A_registered_uri_keeps_its_query_and_reads_back_with_the_session_flag()
    {
        var client = new OpenIddictApplicationDescriptor();

        BackchannelLogoutRegistration.Set(client, new Uri("https://rp.example/logout?tenant=7"), sessionRequired: true, Production);
        var registration = BackchannelLogoutRegistration.Read(client.Properties.ToImmutableDictionary(), Production);

        Assert.Equal(new Uri("https://rp.example/logout?tenant=7"), registration?.LogoutUri);
        Assert.True(registration?.SessionRequired);
    }

    [Theory]
    [InlineData("https://rp.example/logout#frag", true)]
    [InlineData("http://rp.example/logout", true)]
    [InlineData("ftp://rp.example/logout", false)]
    public void A_uri_with_a_fragment_another_scheme_or_http_where_https_is_required_is_refused(string uri, bool requireHttps)
    {
        var client = new OpenIddictApplicationDescriptor();

        Assert.Throws<ArgumentException>(() => BackchannelLogoutRegistration.Set(client, new Uri(uri), sessionRequired: false,
            new LogoutUriRule(requireHttps, AllowPrivateNetworks: true)));
        Assert.Empty(client.Properties);
    }

    [Fact]
    public void An_http_uri_registered_in_Development_is_not_used_where_https_is_required()
    {
        var client = new OpenIddictApplicationDescriptor();
        BackchannelLogoutRegistration.Set(client, new Uri("http://localhost:5400/backchannel-logout"), sessionRequired: true, LogoutUriRule.Development);

        Assert.NotNull(BackchannelLogoutRegistration.Read(client.Properties.ToImmutableDictionary(), LogoutUriRule.Development));
        Assert.Null(BackchannelLogoutRegistration.Read(client.Properties.ToImmutableDictionary(), Production));
    }

    [Theory]
    [InlineData("https://127.0.0.1/logout")]
    [InlineData("https://127.8.9.10:8443/logout")]
    [InlineData("https://localhost/logout")]
    [InlineData("https://api.localhost/logout")]
    [InlineData("https://[::1]/logout")]
    [InlineData("https://10.1.2.3/logout")]
    [InlineData("https://172.20.0.5/logout")]
    [InlineData("https://192.168.1.1/logout")]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("https://100.64.0.1/logout")]
    [InlineData("https://0.0.0.0/logout")]
    [InlineData("https://[fd00::1]/logout")]
    [InlineData("https://[fe80::1]/logout")]
    [InlineData("https://[::ffff:10.0.0.1]/logout")]
    public void Outside_Development_a_loopback_link_local_or_private_logout_uri_is_refused_unless_private_networks_are_allowed(string uri)
    {
        var client = new OpenIddictApplicationDescriptor();

        var refusal = Assert.Throws<ArgumentException>(() => BackchannelLogoutRegistration.Set(client, new Uri(uri), sessionRequired: true, Production));
        Assert.Contains("BackchannelLogout:AllowPrivateNetworks", refusal.Message);
        Assert.Empty(client.Properties);

        BackchannelLogoutRegistration.Set(client, new Uri(uri), sessionRequired: true, Production with { AllowPrivateNetworks = true });
        Assert.NotNull(BackchannelLogoutRegistration.Read(client.Properties.ToImmutableDictionary(), Production with { AllowPrivateNetworks = true }));
        Assert.Null(BackchannelLogoutRegistration.Read(client.Properties.ToImmutableDictionary(), Production));
    }

    [Theory]
    [InlineData("https://rp.example/logout")]
    [InlineData("https://93.184.216.34/logout")]
    [InlineData("https://172.32.0.1/logout")]
    [InlineData("https://100.128.0.1/logout")]
    [InlineData("https://[2001:db8::1]/logout")]
    public void Outside_Development_a_public_logout_uri_is_accepted(string uri)
    {
        var client = new OpenIddictApplicationDescriptor();

        BackchannelLogoutRegistration.Set(client, new Uri(uri), sessionRequired: true, Production);

        Assert.NotNull(BackchannelLogoutRegistration.Read(client.Properties.ToImmutableDictionary(), Production));
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("10.255.255.255", true)]
    [InlineData("172.16.0.0", true)]
    [InlineData("172.31.255.255", true)]
    [InlineData("192.168.0.1", true)]
    [InlineData("169.254.0.1", true)]
    [InlineData("100.127.255.255", true)]
    [InlineData("0.0.0.0", true)]
    [InlineData("::1", true)]
    [InlineData("::", true)]
    [InlineData("fc00::1", true)]
    [InlineData("fdff:ffff::1", true)]
    [InlineData("fe80::abcd", true)]
    [InlineData("febf::1", true)]
    [InlineData("::ffff:192.168.1.1", true)]
    [InlineData("172.15.255.255", false)]
    [InlineData("172.32.0.0", false)]
    [InlineData("100.63.255.255", false)]
    [InlineData("100.128.0.0", false)]
    [InlineData("11.0.0.1", false)]
    [InlineData("8.8.8.8", false)]
    [InlineData("fec0::1", false)]
    [InlineData("2606:4700::1111", false)]
    [InlineData("::ffff:8.8.8.8", false)]
    public void Private_networks_are_exactly_the_loopback_link_local_private_and_shared_ranges(string address, bool isPrivate) =>
        Assert.Equal(isPrivate, PrivateNetworks.Contains(IPAddress.Parse(address)));

    [Fact]
    public void Configured_retry_delays_replace_the_default_schedule_instead_of_extending_it()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["BackchannelLogout:RetryDelays:0"] = "00:00:10",
            ["BackchannelLogout:RetryDelays:1"] = "00:01:00",
        }).Build();

        var configured = configuration.GetSection(BackchannelLogoutOptions.Section).Get<BackchannelLogoutOptions>()!;

        Assert.Equal([TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1)], configured.EffectiveRetryDelays);
        Assert.Equal(5, new BackchannelLogoutOptions().EffectiveRetryDelays.Count);
    }
}
