using Aict.Fleet.Tests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Aict.Fleet.Tests;

/// <summary>Every IdentityServer instance runs the back-channel logout dispatcher; a notice still goes out once.</summary>
[Collection(TheFleet.Name)]
public sealed class BackchannelLogoutTests(FleetFixture fleet)
{
    /// <summary>Long enough for both instances' dispatchers to poll several times (the fixture sets 200 ms).</summary>
    private static readonly TimeSpan DuplicateWindow = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task A_logout_through_the_gateway_sends_the_back_channel_notice_exactly_once()
    {
        await using var receiver = await BackchannelLogoutReceiver.StartAsync();
        var admin = await fleet.Administrator;
        var metadata = FleetAdministrator.WebClient("http://127.0.0.1:9/signin-oidc");
        metadata["post_logout_redirect_uris"] = new[] { "http://127.0.0.1:9/signed-out" };
        metadata["backchannel_logout_uri"] = receiver.LogoutUri.AbsoluteUri;
        metadata["backchannel_logout_session_required"] = true;
        var client = await admin.CreateClientAsync(metadata);
        using var signIn = new FleetSignIn(fleet);
        var tokens = await signIn.SignInAsync(new AuthorizationRequest(client, "openid profile"), DemoRealm.Carol);

        var logout = await signIn.Browser.GoAsync(QueryHelpers.AddQueryString("/connect/endsession", new Dictionary<string, string?>
        {
            ["id_token_hint"] = tokens.IdToken,
            ["post_logout_redirect_uri"] = "http://127.0.0.1:9/signed-out",
            ["state"] = "bye",
        }));

        Assert.True(logout.LeftTo is not null, $"Expected the redirect after logout, got {logout.Status} {logout.Url}:\n{logout.Html}");
        await Eventually.MatchAsync(() => Task.FromResult(receiver.Received.Count), count => count > 0, "the back-channel logout notice", seconds: 10);
        await Task.Delay(DuplicateWindow);
        var notice = Assert.Single(receiver.Received);
        var logoutToken = new JsonWebToken(notice.LogoutToken);
        Assert.Equal(fleet.Issuer, logoutToken.Issuer);
        Assert.Equal(new JsonWebToken(tokens.IdToken).GetClaim("sid").Value, logoutToken.GetClaim("sid").Value);
    }
}
