using System.ComponentModel.DataAnnotations;
using Aict.IdentityServer.Protocol.Tokens;

namespace Aict.IdentityServer.Tests;

public sealed class TokenLifetimeOptionsTests
{
    [Fact]
    public void The_defaults_are_the_documented_lifetimes_and_valid()
    {
        var options = new TokenLifetimeOptions();

        Assert.Equal(TimeSpan.FromMinutes(5), options.AccessToken);
        Assert.Equal(TimeSpan.FromSeconds(60), options.AuthorizationCode);
        Assert.Equal(TimeSpan.FromDays(14), options.RefreshTokenSliding);
        Assert.Equal(TimeSpan.FromDays(30), options.RefreshTokenAbsolute);
        Assert.Empty(options.Validate(new ValidationContext(options)));
    }

    [Fact]
    public void A_sliding_lifetime_longer_than_the_absolute_one_is_refused_by_name()
    {
        var options = new TokenLifetimeOptions { RefreshTokenSliding = TimeSpan.FromDays(40) };

        var error = Assert.Single(options.Validate(new ValidationContext(options)));

        Assert.Contains("Tokens:RefreshTokenSliding", error.ErrorMessage);
    }

    [Fact]
    public void A_zero_lifetime_is_refused()
    {
        var options = new TokenLifetimeOptions { AccessToken = TimeSpan.Zero };

        Assert.Contains(options.Validate(new ValidationContext(options)), e => e.ErrorMessage!.Contains("Tokens:AccessToken"));
    }
}
