using System.Net;
using Aict.IdentityServer.Detection.Alerts;
using Aict.IdentityServer.FunctionalTests.Account;
using Aict.IdentityServer.FunctionalTests.Sms;
using Aict.IdentityServer.SignIn.Mfa.Sms;
using Microsoft.Extensions.DependencyInjection;

namespace Aict.IdentityServer.FunctionalTests.Detection;

/// <summary>
/// Token and factor abuse through the real endpoints: a replayed refresh token, SMS pumping from one network, MFA fatigue.
/// The server's thresholds are low (three numbers per network, three unfinished challenges).
/// </summary>
[Collection(AlertsOnSqlite.Name)]
public sealed class FactorAbuseTests(AlertServer server)
{
    private IdentityServerFactory Factory => server.Factory;

    private DevelopmentSmsOutbox Outbox => Factory.Services.GetRequiredService<DevelopmentSmsOutbox>();

    [Fact]
    public async Task A_replayed_refresh_token_raises_exactly_one_high_alert_naming_the_user_and_client()
    {
        var user = await TestUsers.CreateAsync(Factory);
        var userId = await TestUsers.IdOfAsync(Factory, user);
        var flow = new CodeFlow(Factory);
        var first = await flow.SignInAsync(new AuthorizationRequest(DemoRealm.ChannelWeb, "openid offline_access"), user);
        Assert.Equal(HttpStatusCode.OK, (await flow.Tokens.RefreshAsync(DemoRealm.ChannelWeb, first.RefreshToken!)).Status);
        Assert.Empty(await server.AlertsAsync(SecurityAlertTypes.RefreshTokenReplay, a => a.UserId == userId));

        Assert.Equal("invalid_grant", (await flow.Tokens.RefreshAsync(DemoRealm.ChannelWeb, first.RefreshToken!)).Error);
        Assert.Equal("invalid_grant", (await flow.Tokens.RefreshAsync(DemoRealm.ChannelWeb, first.RefreshToken!)).Error);

        var alert = Assert.Single(await server.AlertsAsync(SecurityAlertTypes.RefreshTokenReplay, a => a.UserId == userId));
        Assert.Equal(AlertSeverities.High, alert.Severity);
        Assert.Contains($"user {userId}", alert.Reasons, StringComparison.Ordinal);
        Assert.Contains("client channel-web", alert.Reasons, StringComparison.Ordinal);
        await Eventually.MatchAsync(() => Task.FromResult(server.All.Of(alert.Id)), r => r.Count > 0, "the replay alert at the webhook", seconds: 5);
    }

    [Fact]
    public async Task Codes_to_ever_new_numbers_from_one_network_are_refused_past_the_limit_with_one_alert()
    {
        var client = await MfaApiClient.SignInAsync(Factory);
        TestClientAddress.From(client.Api, "198.51.100.7");
        var numbers = Enumerable.Range(0, 5).Select(_ => SmsServer.NewNumber()).ToList();
        foreach (var number in numbers[..3])
        {
            using var sent = await client.PostAsync("phone", new { phoneNumber = number });
            Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        }

        using var refused = await client.PostAsync("phone", new { phoneNumber = numbers[3] });
        using var again = await client.PostAsync("phone", new { phoneNumber = numbers[4] });
        using var known = await client.PostAsync("phone", new { phoneNumber = numbers[0] });
        TestClientAddress.From(client.Api, "203.0.113.77");
        using var elsewhere = await client.PostAsync("phone", new { phoneNumber = numbers[3] });

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(HttpStatusCode.TooManyRequests, again.StatusCode);
        Assert.DoesNotContain(Outbox.Messages, m => m.Message.To == numbers[4]);
        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        Assert.Equal(HttpStatusCode.OK, elsewhere.StatusCode);
        var alert = Assert.Single(await server.AlertsAsync(SecurityAlertTypes.SmsPumping, a => a.Subject == "198.51.100.0/24"));
        Assert.Equal((AlertSeverities.High, "198.51.100.7"), (alert.Severity, alert.IpAddress));
    }

    [Fact]
    public async Task Unfinished_second_factor_sign_ins_raise_mfa_fatigue_and_pause_sms_until_a_factor_is_completed()
    {
        var number = SmsServer.NewNumber();
        var user = await MfaUsers.EnrolTotpAsync(Factory, await MfaUsers.WithPhoneAsync(Factory, number));
        var userId = await TestUsers.IdOfAsync(Factory, user);
        var request = new AuthorizationRequest(DemoRealm.ChannelWeb);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            Assert.Empty(await server.AlertsAsync(SecurityAlertTypes.MfaFatigue, a => a.UserId == userId));
            var flow = new CodeFlow(Factory);
            var challenge = await flow.Browser.SignInAsync(await flow.Browser.GoAsync(request.Url), user.Email, user.Password);
            Assert.Equal("/Account/Mfa", challenge.Path);
        }

        var (paused, pausedChallenge, pausedPage) = await SendSmsAsync(user, request);

        var alert = Assert.Single(await server.AlertsAsync(SecurityAlertTypes.MfaFatigue, a => a.UserId == userId));
        Assert.Equal(AlertSeverities.Medium, alert.Severity);
        Assert.DoesNotContain(Outbox.Messages, m => m.Message.To == number);
        Assert.False(string.IsNullOrWhiteSpace(pausedPage.Document.QuerySelector("#mfa-error")?.TextContent));
        var totpPage = await paused.Browser.GoAsync(pausedChallenge.Url.PathAndQuery + "&Method=totp");
        var done = await paused.Browser.SubmitAsync(totpPage,
            new Dictionary<string, string> { ["Code"] = Factory.Authenticator.NextCode(user.TotpSecret!) }, "form[action*='handler=Totp'] button");
        Assert.NotNull(done.LeftTo);

        var (_, _, sentPage) = await SendSmsAsync(user, request);

        Assert.Single(Outbox.Messages, m => m.Message.To == number);
        Assert.True(string.IsNullOrWhiteSpace(sentPage.Document.QuerySelector("#mfa-error")?.TextContent));
    }

    /// <summary>Signs in with the password and asks for a code by SMS on the challenge page.</summary>
    private async Task<(CodeFlow Flow, Navigation Challenge, Navigation Page)> SendSmsAsync(DemoUser user, AuthorizationRequest request)
    {
        var flow = new CodeFlow(Factory);
        var challenge = await flow.Browser.SignInAsync(await flow.Browser.GoAsync(request.Url), user.Email, user.Password);
        var smsPage = await flow.Browser.GoAsync(challenge.Url.PathAndQuery + "&Method=sms");
        return (flow, challenge, await flow.Browser.SubmitAsync(smsPage, new Dictionary<string, string>(), "#send-sms"));
    }
}
