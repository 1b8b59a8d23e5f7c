using System.ComponentModel.DataAnnotations;
using Aict.IdentityServer.Protocol.Registration;

namespace Aict.IdentityServer.Tests;

public sealed class ClientRegistrationOptionsTests
{
    [Theory]
    [InlineData("00:00:00")]
    [InlineData("-1.00:00:00")]
    [InlineData("366.00:00:00")]
    public void An_initial_access_token_lifetime_outside_one_second_to_a_year_is_refused_naming_the_key(string lifetime)
    {
        var options = new ClientRegistrationOptions { MaxInitialAccessTokenLifetime = TimeSpan.Parse(lifetime, System.Globalization.CultureInfo.InvariantCulture) };

        var results = new List<ValidationResult>();
        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true));
        Assert.Contains("ClientRegistration:MaxInitialAccessTokenLifetime", Assert.Single(results).ErrorMessage);
    }

    [Fact]
    public void The_default_lifetime_is_valid()
    {
        var options = new ClientRegistrationOptions();

        Assert.True(Validator.TryValidateObject(options, new ValidationContext(options), null, validateAllProperties: true));
    }
}
