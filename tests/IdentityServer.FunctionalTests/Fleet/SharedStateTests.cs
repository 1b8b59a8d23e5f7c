using System.Globalization;
using System.Net;
using Aict.IdentityServer.FunctionalTests.HostedPages;
using Aict.IdentityServer.FunctionalTests.Sms;
using Aict.IdentityServer.SignIn.Mfa.Passkeys;
using Aict.IdentityServer.SignIn.Mfa.Sms;
using Aict.IdentityServer.SignIn.Mfa.Totp;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Aict.IdentityServer.FunctionalTests.Fleet;

/// <summary>What a user's requests carry from one instance to the other: cookies, MFA challenges, used and sent codes.</summary>
public sealed class SharedStateTests(TwoInstances fleet) : IClassFixture<TwoInstances>
{
    [Fact]
    public async Task A_code_flow_with_an_authenticator_code_completes_when_every_request_lands_on_the_other_instance()
    {
        var user = await MfaUsers.WithTotpAsync(fleet.A);
        using var browser = fleet.Hopping(fleet.NextAddress());
        var request = new AuthorizationRequest(DemoRealm.ChannelWeb);

        // Each step's antiforgery cookie, sign-in cookie and MFA challenge were issued by the other instance.
        var login = await browser.GoAsync(request.Url);
        var challenge = await browser.SignInAsync(login, user.Email, user.Password);
        var done = await browser.SubmitAsync(challenge, new Dictionary<string, string> { ["Code"] = fleet.A.Authenticator.NextCode(user.TotpSecret!) });
        var code = new AuthorizationResponse(done.LeftTo!).Code;
        var tokens = await new TokenClient(fleet.B.CreateBackChannel()).RedeemAsync(request, code!);
        var silent = await browser.GoAsync(new AuthorizationRequest(DemoRealm.ChannelWeb) { Parameters = { ["prompt"] = "none" } }.Url);

        Assert.Equal("/account/login", login.Path);
        Assert.Equal("/account/mfa", challenge.Path.ToLowerInvariant());
        Assert.NotNull(code);
        Assert.NotNull(tokens.AccessToken);
        Assert.NotNull(new AuthorizationResponse(silent.LeftTo!).Code);
    }

    [Fact]
    public async Task A_consent_shown_by_one_instance_and_accepted_on_the_other_returns_a_code_and_is_remembered()
    {
        var user = await TestUsers.CreateAsync(fleet.A);
        using var browser = fleet.Hopping(fleet.NextAddress());
        var request = new AuthorizationRequest(DemoRealm.ChannelMobile, "openid profile orders:read");

        var consent = await browser.SignInAsync(await browser.GoAsync(request.Url), user.Email, user.Password);
        var accepted = await browser.SubmitAsync(consent, new Dictionary<string, string>(), ConsentTests.AcceptButton);
        var tokens = await new TokenClient(fleet.B.CreateBackChannel()).RedeemAsync(request, new AuthorizationResponse(accepted.LeftTo!).Code!);
        var again = await browser.GoAsync(new AuthorizationRequest(DemoRealm.ChannelMobile, "openid profile orders:read").Url);

        Assert.Equal("/consent", consent.Path);
        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        Assert.NotNull(new AuthorizationResponse(again.LeftTo!).Code);
    }

    [Fact]
    public async Task An_authenticator_code_used_on_one_instance_is_refused_on_the_other()
    {
        var user = await MfaUsers.WithTotpAsync(fleet.A);
        var code = fleet.A.Authenticator.NextCode(user.TotpSecret!);

        Assert.Equal(TotpCheckResult.Valid, await VerifyTotpAsync(fleet.A, user, code));
        Assert.Equal(TotpCheckResult.Replayed, await VerifyTotpAsync(fleet.B, user, code));
    }

    [Fact]
    public async Task An_SMS_code_sent_by_one_instance_is_accepted_by_the_other_once()
    {
        var userId = Guid.NewGuid().ToString();
        var number = SmsServer.NewNumber();

        var sent = await fleet.A.Services.GetRequiredService<SmsCodes>().SendAsync(userId, number, SmsCodePurpose.SignIn, CultureInfo.GetCultureInfo("en"));
        var text = fleet.A.Services.GetRequiredService<DevelopmentSmsOutbox>().Messages.First(message => message.Message.To == number);
        var code = SmsServer.CodeIn(text.Message.Body);

        Assert.Equal(SmsSendStatus.Sent, sent.Status);
        Assert.Equal(SmsCodeVerification.Valid, await fleet.B.Services.GetRequiredService<SmsCodes>().VerifyAsync(userId, SmsCodePurpose.SignIn, code));
        Assert.NotEqual(SmsCodeVerification.Valid, await fleet.A.Services.GetRequiredService<SmsCodes>().VerifyAsync(userId, SmsCodePurpose.SignIn, code));
    }

    [Fact]
    public async Task A_passkey_ceremony_started_on_one_instance_is_answered_on_the_other_once()
    {
        var id = await fleet.A.Services.GetRequiredService<PasskeyCeremonies>().StartAsync(PasskeyCeremonyKind.Assertion, null, "{}");

        var onB = await fleet.B.Services.GetRequiredService<PasskeyCeremonies>().TakeAsync(id, PasskeyCeremonyKind.Assertion);
        var againOnA = await fleet.A.Services.GetRequiredService<PasskeyCeremonies>().TakeAsync(id, PasskeyCeremonyKind.Assertion);

        Assert.NotNull(onB);
        Assert.Null(againOnA);
    }

    private static async Task<TotpCheckResult> VerifyTotpAsync(IdentityServerFactory instance, DemoUser user, string code)
    {
        await using var scope = instance.Services.CreateAsyncScope();
        var account = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(user.Email);
        return await scope.ServiceProvider.GetRequiredService<TotpVerifier>().VerifyAsync(account!, code);
    }
}
