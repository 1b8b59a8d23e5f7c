using Aict.Fleet.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Aict.Fleet.Tests;

/// <summary>
/// Flows that start on one IdentityServer instance and finish on the other, forced by pinning: nothing a user or a
/// client is in the middle of lives only in one instance.
/// </summary>
[Collection(TheFleet.Name)]
public sealed class InstanceHopTests(FleetFixture fleet)
{
    [Fact]
    public async Task A_code_authorized_on_one_instance_is_redeemed_on_the_other()
    {
        using var signIn = new FleetSignIn(fleet) { PagesOn = "i1", BackChannelOn = "i2" };
        var request = new AuthorizationRequest(DemoRealm.SsoPortal, "openid profile");

        var tokens = await signIn.SignInAsync(request, DemoRealm.Alice);

        var idToken = new JsonWebToken(tokens.IdToken);
        Assert.Equal(fleet.Issuer, idToken.Issuer);
        Assert.Equal(request.Nonce, idToken.GetClaim("nonce").Value);
    }

    [Fact]
    public async Task A_user_signed_in_on_one_instance_refreshes_on_the_other_and_the_used_token_is_dead_on_both()
    {
        using var signIn = new FleetSignIn(fleet) { PagesOn = "i1", BackChannelOn = "i1" };
        var tokens = await signIn.SignInAsync(new AuthorizationRequest(DemoRealm.SsoPortal, "openid offline_access"), DemoRealm.Alice);

        signIn.BackChannelOn = "i2";
        var refreshed = await signIn.Tokens.RefreshAsync(DemoRealm.SsoPortal, tokens.RefreshToken!);
        signIn.BackChannelOn = "i1";
        var replayed = await signIn.Tokens.RefreshAsync(DemoRealm.SsoPortal, tokens.RefreshToken!);

        Assert.True(refreshed.AccessToken is not null, refreshed.Json.ToString());
        Assert.NotEqual(tokens.RefreshToken, refreshed.RefreshToken);
        Assert.Equal("invalid_grant", replayed.Error);
    }

    [Fact]
    public async Task A_consent_shown_by_one_instance_is_granted_on_the_other()
    {
        using var signIn = new FleetSignIn(fleet) { PagesOn = "i1", BackChannelOn = "i1" };
        var request = new AuthorizationRequest(DemoRealm.ChannelMobile, "openid profile");
        var consent = await signIn.StartAsync(request, DemoRealm.Carol);
        Assert.Equal("/consent", consent.Path);

        signIn.PagesOn = "i2";
        var granted = await signIn.AcceptConsentAsync(consent);

        var tokens = await signIn.RedeemAsync(request, granted);
        Assert.Equal(fleet.Issuer, new JsonWebToken(tokens.IdToken).Issuer);
    }

    [Fact]
    public async Task An_mfa_challenge_started_on_one_instance_is_answered_on_the_other()
    {
        using var signIn = new FleetSignIn(fleet) { PagesOn = "i1", BackChannelOn = "i2" };
        var request = new AuthorizationRequest(DemoRealm.SsoPortal, "openid profile");
        var challenge = await signIn.StartAsync(request, DemoRealm.Bob);

        signIn.PagesOn = "i2";
        var answered = await signIn.AnswerTotpAsync(challenge, DemoRealm.Bob);

        var tokens = await signIn.RedeemAsync(request, answered);
        var methods = new JsonWebToken(tokens.IdToken).GetPayloadValue<string[]>("amr");
        Assert.Contains("mfa", methods);
        Assert.Contains("otp", methods);
    }
}
