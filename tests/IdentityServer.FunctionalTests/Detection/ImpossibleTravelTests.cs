using Aict.IdentityServer.Administration.Audit;
using Aict.IdentityServer.Detection.Alerts;
using Aict.IdentityServer.Platform.Email;
using Microsoft.Extensions.DependencyInjection;
using static Aict.IdentityServer.FunctionalTests.Detection.RiskServers;
using static Aict.IdentityServer.FunctionalTests.Detection.RiskTrail;

namespace Aict.IdentityServer.FunctionalTests.Detection;

/// <summary>
/// Two successful sign-ins of one user faster apart than an airliner could fly are medium risk: an alert naming both places,
/// and the configured response (by default a second factor, or enrolment for a user without one).
/// </summary>
[Collection(OnRiskServers.Name)]
public sealed class ImpossibleTravelTests(RiskServers servers)
{
    [Fact]
    public async Task Alice_from_Seoul_and_a_minute_later_from_New_York_raises_impossible_travel_and_must_enrol_a_second_factor()
    {
        var server = servers.Default;
        var alice = DemoRealm.Alice;
        var aliceId = await TestUsers.IdOfAsync(server, alice);
        using var browser = BrowserFrom(server, Seoul);
        var inSeoul = await SignInAsync(browser, alice);
        Assert.Equal("/", inSeoul.Path);

        server.Clock.Advance(TimeSpan.FromMinutes(1));
        var inNewYork = await SignInAsync(browser, alice, from: NewYork);

        // She has no second factor: she enrols one before any session starts from New York.
        Assert.Equal("/Account/Mfa/Enrol", inNewYork.Path);
        Assert.Single(await SessionsAsync(server, aliceId));
        var alert = Assert.Single(await AlertsAsync(server, aliceId));
        Assert.Equal((SecurityAlertTypes.ImpossibleTravel, AlertSeverities.Medium, NewYork), (alert.Type, alert.Severity, alert.IpAddress));
        Assert.Contains("from Seoul, KR", alert.Reasons);
        Assert.Contains("to New York, US", alert.Reasons);
        var assessment = Assert.Single(await AssessmentsAsync(server, aliceId));
        Assert.Equal((AuditOutcomes.StepUp, "medium", "impossible_travel"), assessment);
    }

    [Fact]
    public async Task A_user_with_an_authenticator_is_challenged_for_it_at_medium_risk()
    {
        var server = servers.Default;
        var bob = DemoRealm.Bob;
        var bobId = await TestUsers.IdOfAsync(server, bob);
        using var browser = BrowserFrom(server, Seoul);
        var done = await SignInWithCodeAsync(server, browser, bob);
        Assert.Equal("/", done.Path);

        server.Clock.Advance(TimeSpan.FromMinutes(1));
        var again = await SignInAsync(browser, bob, from: NewYork);

        Assert.Equal("/Account/Mfa", again.Path);
        Assert.NotNull(again.Document.QuerySelector("input[name='Code']"));
        Assert.Equal((AuditOutcomes.StepUp, "medium", "impossible_travel"), Assert.Single(await AssessmentsAsync(server, bobId)));
        Assert.Equal(SecurityAlertTypes.ImpossibleTravel, Assert.Single(await AlertsAsync(server, bobId)).Type);
    }

    [Fact]
    public async Task Travel_slower_than_the_limit_raises_nothing()
    {
        var server = servers.Default;
        var user = await TestUsers.CreateAsync(server);
        var userId = await TestUsers.IdOfAsync(server, user);
        using var browser = BrowserFrom(server, Seoul);
        await SignInAsync(browser, user);

        server.Clock.Advance(TimeSpan.FromDays(1));
        var inNewYork = await SignInAsync(browser, user, from: NewYork);

        Assert.Equal("/", inNewYork.Path);
        Assert.Empty(await AlertsAsync(server, userId));
        Assert.Empty(await AssessmentsAsync(server, userId));
    }

    [Fact]
    public async Task A_stepped_up_sign_in_does_not_become_the_last_place_so_the_next_attempt_from_there_is_challenged_again()
    {
        var server = servers.Default;
        var user = await TestUsers.CreateAsync(server);
        var userId = await TestUsers.IdOfAsync(server, user);
        using var browser = BrowserFrom(server, Seoul);
        await SignInAsync(browser, user);

        server.Clock.Advance(TimeSpan.FromMinutes(1));
        var first = await SignInAsync(browser, user, from: NewYork);
        server.Clock.Advance(TimeSpan.FromMinutes(1));
        var second = await SignInAsync(browser, user);

        Assert.Equal(("/Account/Mfa/Enrol", "/Account/Mfa/Enrol"), (first.Path, second.Path));
        Assert.Equal(2, (await AssessmentsAsync(server, userId)).Count);
        // One alert for the pair of places within the hour, however often it is tried.
        Assert.Single(await AlertsAsync(server, userId));
    }

    [Fact]
    public async Task With_medium_risk_set_to_block_alice_is_refused_with_a_message_and_gets_no_session()
    {
        var server = servers.Strict;
        var alice = DemoRealm.Alice;
        var aliceId = await TestUsers.IdOfAsync(server, alice);
        using var browser = BrowserFrom(server, Seoul);
        await SignInAsync(browser, alice);

        server.Clock.Advance(TimeSpan.FromMinutes(1));
        var blocked = await SignInAsync(browser, alice, from: NewYork);

        Assert.Equal("/account/login", blocked.Path, ignoreCase: true);
        Assert.StartsWith("This sign-in looks unusual and was refused", blocked.Document.QuerySelector("#sign-in-error")!.TextContent);
        Assert.Single(await SessionsAsync(server, aliceId));
        Assert.Equal((AuditOutcomes.Blocked, "medium", "impossible_travel"), Assert.Single(await AssessmentsAsync(server, aliceId)));
        Assert.Equal(SecurityAlertTypes.ImpossibleTravel, Assert.Single(await AlertsAsync(server, aliceId)).Type);
    }

    [Fact]
    public async Task A_blocked_sign_in_is_told_to_the_account_holder_once_however_often_it_is_retried()
    {
        var server = servers.Strict;
        var user = await TestUsers.CreateAsync(server);
        using var browser = BrowserFrom(server, Seoul);
        await SignInAsync(browser, user);
        server.Clock.Advance(TimeSpan.FromMinutes(1));

        await SignInAsync(browser, user, from: NewYork);
        await SignInAsync(browser, user);

        var outbox = server.Services.GetRequiredService<DevelopmentOutbox>();
        var refused = await Eventually.MatchAsync(
            () => Task.FromResult(outbox.Messages.Select(m => m.Message).Where(m => m.To == user.Email).ToList()), mails => mails.Count > 0, "the refusal e-mail");
        var mail = Assert.Single(refused);
        Assert.Equal("A sign-in to your Aict account was refused", mail.Subject);
        Assert.Contains("New York, US", mail.Body);
        Assert.Contains("/account/forgot-password?ui_locales=", mail.Body);
        Assert.Equal(2, (await AssessmentsAsync(server, await TestUsers.IdOfAsync(server, user))).Count);
    }

    [Fact]
    public async Task The_blocked_message_is_in_Korean_on_the_Korean_page()
    {
        var server = servers.Strict;
        var user = await TestUsers.CreateAsync(server);
        using var browser = BrowserFrom(server, Seoul);
        browser.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ko");
        await SignInAsync(browser, user);

        server.Clock.Advance(TimeSpan.FromMinutes(1));
        var blocked = await SignInAsync(browser, user, from: Frankfurt);

        Assert.StartsWith("평소와 다른 로그인으로 보여", blocked.Document.QuerySelector("#sign-in-error")!.TextContent);
    }

    [Fact]
    public async Task With_detection_off_nothing_is_assessed()
    {
        var server = servers.Off;
        var user = await TestUsers.CreateAsync(server);
        var userId = await TestUsers.IdOfAsync(server, user);
        using var browser = BrowserFrom(server, Seoul);
        await SignInAsync(browser, user);

        server.Clock.Advance(TimeSpan.FromMinutes(1));
        using var newDevice = BrowserFrom(server, NewYork);
        var inNewYork = await SignInAsync(newDevice, user);

        Assert.Equal("/", inNewYork.Path);
        Assert.Empty(await AlertsAsync(server, userId));
        Assert.Empty(await AssessmentsAsync(server, userId));
        Assert.DoesNotContain(inNewYork.SetCookies, cookie => cookie.StartsWith("aict.device=", StringComparison.Ordinal));
    }
}
