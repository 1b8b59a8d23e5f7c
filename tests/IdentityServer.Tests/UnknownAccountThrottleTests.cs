using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Aict.IdentityServer.Tests;

public sealed class UnknownAccountThrottleTests
{
    [Fact]
    public void An_unknown_address_locks_after_as_many_failures_as_a_real_account()
    {
        using var throttle = new UnknownAccountThrottle(Options.Create(new IdentityOptions { Lockout = { MaxFailedAccessAttempts = 3 } }));

        Assert.False(throttle.RecordFailure("NOBODY@EXAMPLE.COM"));
        Assert.False(throttle.RecordFailure("NOBODY@EXAMPLE.COM"));
        Assert.False(throttle.IsLockedOut("NOBODY@EXAMPLE.COM"));
        Assert.True(throttle.RecordFailure("NOBODY@EXAMPLE.COM"));

        Assert.True(throttle.IsLockedOut("NOBODY@EXAMPLE.COM"));
        Assert.False(throttle.IsLockedOut("SOMEONE-ELSE@EXAMPLE.COM"));
    }
}
