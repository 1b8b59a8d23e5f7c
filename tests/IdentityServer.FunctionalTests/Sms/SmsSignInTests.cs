using Microsoft.IdentityModel.JsonWebTokens;

namespace Aict.IdentityServer.FunctionalTests.Sms;

/// <summary>A text-message code as the second sign-in step, through the pages, with the Development outbox as the phone.</summary>
public sealed class SmsSignInTests(OutboxSmsServer server) : IClassFixture<OutboxSmsServer>
{
    private IdentityServerFactory Factory => server.Factory;

    [Fact]
    public async Task The_code_sent_to_the_verified_phone_signs_in_and_the_tokens_say_sms_and_mfa()
    {
        var number = SmsServer.NewNumber();
        var user = await MfaUsers.WithPhoneAsync(Factory, number);
        var flow = new CodeFlow(Factory);
        var request = new AuthorizationRequest(DemoRealm.ChannelWeb);

        var sent = await SendCodeAsync(flow, request, user);
        Assert.Contains(number[^4..], sent.Document.QuerySelector("main .status")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(number, sent.Html, StringComparison.Ordinal);
        var done = await flow.Browser.SubmitAsync(sent, new Dictionary<string, string> { ["Code"] = server.LatestCodeFor(number) }, "form[action*='handler=Sms'] button");

        var tokens = await flow.Tokens.RedeemAsync(request, new AuthorizationResponse(done.LeftTo!).Code!);
        var id = await flow.Validator.ValidateAsync(tokens.IdToken!, "channel-web", "JWT");
        Assert.Equal(["pwd", "sms", "mfa"], id.GetPayloadValue<string[]>("amr"));
        Assert.Equal("urn:aict:loa:2", id.GetClaim("acr").Value);
    }

    [Fact]
    public async Task An_expired_code_is_refused_and_a_new_one_then_signs_in()
    {
        var number = SmsServer.NewNumber();
        var user = await MfaUsers.WithPhoneAsync(Factory, number);
        var flow = new CodeFlow(Factory);
        var request = new AuthorizationRequest(DemoRealm.ChannelWeb);
        var sent = await SendCodeAsync(flow, request, user);
        var expired = server.LatestCodeFor(number);

        Factory.Clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        var refused = await flow.Browser.SubmitAsync(sent, new Dictionary<string, string> { ["Code"] = expired }, "form[action*='handler=Sms'] button");

        Assert.Null(refused.LeftTo);
        Assert.Equal("The code is wrong or has expired.", refused.Document.QuerySelector("#mfa-error")!.TextContent);
        var resent = await flow.Browser.SubmitAsync(refused, new Dictionary<string, string>(), "#resend-sms");
        var done = await flow.Browser.SubmitAsync(resent, new Dictionary<string, string> { ["Code"] = server.LatestCodeFor(number) }, "form[action*='handler=Sms'] button");
        Assert.NotNull(new AuthorizationResponse(done.LeftTo!).Code);
    }

    private static async Task<Navigation> SendCodeAsync(CodeFlow flow, AuthorizationRequest request, DemoUser user)
    {
        var challenge = await flow.Browser.SignInAsync(await flow.Browser.GoAsync(request.Url), user.Email, user.Password);
        Assert.Equal("/Account/Mfa", challenge.Path);
        return await flow.Browser.SubmitAsync(challenge, new Dictionary<string, string>(), "#send-sms");
    }
}
