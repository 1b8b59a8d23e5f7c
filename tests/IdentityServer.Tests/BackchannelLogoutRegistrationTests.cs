using System.Collections.Immutable;
using Aict.IdentityServer.Sessions.BackchannelLogout;
using Microsoft.Extensions.Configuration;
using OpenIddict.Abstractions;

namespace Aict.IdentityServer.Tests;

public sealed class BackchannelLogoutRegistrationTests
{
    [Fact]
    public void A_registered_uri_keeps_its_query_and_reads_back_with_the_session_flag()
    {
        var client = new OpenIddictApplicationDescriptor();

        BackchannelLogoutRegistration.Set(client, new Uri("https://rp.example/logout?tenant=7"), sessionRequired: true, requireHttps: true);
        var registration = BackchannelLogoutRegistration.Read(client.Properties.ToImmutableDictionary(), requireHttps: true);

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

        Assert.Throws<ArgumentException>(() => BackchannelLogoutRegistration.Set(client, new Uri(uri), sessionRequired: false, requireHttps));
        Assert.Empty(client.Properties);
    }

    [Fact]
    public void An_http_uri_registered_in_Development_is_not_used_where_https_is_required()
    {
        var client = new OpenIddictApplicationDescriptor();
        BackchannelLogoutRegistration.Set(client, new Uri("http://localhost:5400/backchannel-logout"), sessionRequired: true, requireHttps: false);

        Assert.NotNull(BackchannelLogoutRegistration.Read(client.Properties.ToImmutableDictionary(), requireHttps: false));
        Assert.Null(BackchannelLogoutRegistration.Read(client.Properties.ToImmutableDictionary(), requireHttps: true));
    }

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
