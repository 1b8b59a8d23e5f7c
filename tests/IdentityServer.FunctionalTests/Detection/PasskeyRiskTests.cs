using System.Net;
using Aict.IdentityServer.Detection.Risk;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using static Aict.IdentityServer.FunctionalTests.Detection.RiskServers;
using static Aict.IdentityServer.FunctionalTests.Detection.RiskTrail;

namespace Aict.IdentityServer.FunctionalTests.Detection;

/// <summary>
/// A passkey proves two factors on its own: a step-up asks nothing more of it, a block refuses it. The passkey page asks
/// <see cref="SignInRisk"/> exactly this; real passkeys only sign in in the browser tests, so the decision is asked here directly.
/// </summary>
[Collection(OnRiskServers.Name)]
public sealed class PasskeyRiskTests(RiskServers servers)
{
    private IdentityServerFactory Server => servers.Default;

    [Fact]
    public async Task A_passkey_at_medium_risk_is_allowed_and_at_high_risk_blocked()
    {
        var user = await TestUsers.CreateAsync(Server);
        using var browser = BrowserFrom(Server, Seoul);
        var first = await SignInAsync(browser, user);
        var deviceCookie = first.SetCookies.Single(cookie => cookie.StartsWith("aict.device=", StringComparison.Ordinal)).Split(';')[0];
        Server.Clock.Advance(TimeSpan.FromMinutes(1));

        var sameDevice = await PasskeyDecisionAsync(user, NewYork, deviceCookie);
        var newDevice = await PasskeyDecisionAsync(user, Frankfurt, cookie: null);

        Assert.Equal(RiskDecision.Allow, sameDevice);
        Assert.Equal(RiskDecision.Block, newDevice);
        var assessments = await AssessmentsAsync(Server, await TestUsers.IdOfAsync(Server, user));
        Assert.Equal([("allowed", "medium"), ("blocked", "high")], assessments.Select(a => (a.Outcome, a.Level)));
    }

    private async Task<RiskDecision> PasskeyDecisionAsync(DemoUser user, string address, string? cookie)
    {
        await using var scope = Server.Services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Connection.RemoteIpAddress = IPAddress.Parse(address);
        if (cookie is not null)
        {
            context.Request.Headers.Cookie = cookie;
        }

        scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>().HttpContext = context;
        var account = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(user.Email);
        return await scope.ServiceProvider.GetRequiredService<SignInRisk>().AssessAsync(account!, multiFactor: true, sessionFollows: true);
    }
}
