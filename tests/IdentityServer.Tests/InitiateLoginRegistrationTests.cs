using System.Collections.Immutable;
using System.Text.Json;
using Aict.IdentityServer.Protocol.Clients;
using OpenIddict.Abstractions;

namespace Aict.IdentityServer.Tests;

public sealed class InitiateLoginRegistrationTests
{
    [Fact]
    public void A_registered_uri_reads_back_under_its_metadata_name()
    {
        var client = new OpenIddictApplicationDescriptor();

        InitiateLoginRegistration.Set(client, new Uri("https://app.example/login?tenant=7"), requireHttps: true);

        Assert.Equal("https://app.example/login?tenant=7", client.Properties["initiate_login_uri"].GetString());
        Assert.Equal(new Uri("https://app.example/login?tenant=7"),
            InitiateLoginRegistration.Read(client.Properties.ToImmutableDictionary(), requireHttps: true)?.LoginUri);
    }

    [Theory]
    [InlineData("https://app.example/login#start", false)]
    [InlineData("http://app.example/login", true)]
    [InlineData("ftp://app.example/login", false)]
    [InlineData("com.aict.mobile:/login", false)]
    public void A_uri_with_a_fragment_another_scheme_or_http_where_https_is_required_is_refused(string uri, bool requireHttps)
    {
        var client = new OpenIddictApplicationDescriptor();

        var refused = Assert.Throws<ArgumentException>(() => InitiateLoginRegistration.Set(client, new Uri(uri), requireHttps));

        Assert.StartsWith("initiate_login_uri", refused.Message);
        Assert.Empty(client.Properties);
    }

    [Fact]
    public void An_http_uri_registered_in_Development_is_not_launched_where_https_is_required()
    {
        var client = new OpenIddictApplicationDescriptor();
        InitiateLoginRegistration.Set(client, new Uri("http://localhost:5400/login"), requireHttps: false);

        Assert.NotNull(InitiateLoginRegistration.Read(client.Properties.ToImmutableDictionary(), requireHttps: false));
        Assert.Null(InitiateLoginRegistration.Read(client.Properties.ToImmutableDictionary(), requireHttps: true));
    }

    [Theory]
    [InlineData("not a uri")]
    [InlineData("/relative/login")]
    [InlineData(42)]
    public void A_stored_value_that_is_not_an_absolute_uri_string_counts_as_no_registration(object stored)
    {
        var properties = ImmutableDictionary<string, JsonElement>.Empty
            .Add(InitiateLoginRegistration.Property, JsonSerializer.SerializeToElement(stored));

        Assert.Null(InitiateLoginRegistration.Read(properties, requireHttps: false));
    }

    [Theory]
    [InlineData("https://app.example/login", "https://app.example/login?iss=https%3A%2F%2Fid.example%2F")]
    [InlineData("https://app.example/login?tenant=7", "https://app.example/login?tenant=7&iss=https%3A%2F%2Fid.example%2F")]
    public void The_launch_uri_adds_the_issuer_to_the_registered_query(string registered, string launched)
    {
        var registration = new InitiateLoginRegistration(new Uri(registered));

        Assert.Equal(launched, registration.LaunchUri("https://id.example/").AbsoluteUri);
    }
}
