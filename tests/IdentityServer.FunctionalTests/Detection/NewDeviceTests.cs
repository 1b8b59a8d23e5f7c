using System.Text.RegularExpressions;
using Aict.IdentityServer.Administration.Audit;
using Aict.IdentityServer.Detection.Alerts;
using Aict.IdentityServer.FunctionalTests.HostedPages;
using Aict.IdentityServer.Platform.Email;
using Microsoft.Extensions.DependencyInjection;
using static Aict.IdentityServer.FunctionalTests.Detection.RiskServers;
using static Aict.IdentityServer.FunctionalTests.Detection.RiskTrail;

namespace Aict.IdentityServer.FunctionalTests.Detection;

/// <summary>
/// A sign-in from a browser and a network the user never used is low risk: an alert, and an e-mail "was this you?" whose
/// link ends that session and sends a password reset. The first sign-in ever, a known browser or a known network stay quiet.
/// </summary>
[Collection(OnRiskServers.Name)]
public sealed partial class NewDeviceTests(RiskServers servers)
{
    private const string Subject = "New sign-in to your Aict account";

    private IdentityServerFactory Server => servers.Default;

    [Fact]
    public async Task A_new_device_on_a_new_network_sends_one_email_but_not_the_first_sign_in_a_known_device_or_a_known_network()
    {
        var user = await TestUsers.CreateAsync(Server);
        var userId = await TestUsers.IdOfAsync(Server, user);
        using var home = BrowserFrom(Server, Seoul);
        var first = await SignInAsync(home, user);
        Assert.Contains(first.SetCookies, cookie => cookie.StartsWith("aict.device=", StringComparison.Ordinal) && cookie.Contains("httponly")
            && cookie.Contains("samesite=lax"));

        Server.Clock.Advance(TimeSpan.FromDays(1));
        using var travelling = BrowserFrom(Server, Frankfurt);
        var fromFrankfurt = await SignInAsync(travelling, user);
        var mail = await MailAsync(user.Email);

        Server.Clock.Advance(TimeSpan.FromDays(1));
        using var neighbour = BrowserFrom(Server, "192.0.2.77");
        await SignInAsync(neighbour, user);
        Server.Clock.Advance(TimeSpan.FromDays(1));
        await SignInAsync(travelling, user, from: NewYork);

        Assert.Equal("/", fromFrankfurt.Path);
        Assert.Contains("Frankfurt, DE", mail.Body);
        Assert.Single(Mails(user.Email));
        var alert = Assert.Single(await AlertsAsync(Server, userId));
        Assert.Equal((SecurityAlertTypes.NewDevice, AlertSeverities.Low), (alert.Type, alert.Severity));
        Assert.Equal((AuditOutcomes.Allowed, "low", "new_device"), Assert.Single(await AssessmentsAsync(Server, userId)));
    }

    [Fact]
    public async Task The_link_ends_that_session_and_sends_a_password_reset_after_a_confirming_post()
    {
        var (user, userId, link) = await NewDeviceMailAsync();
        using var owner = Server.CreateBrowser();

        var page = await owner.GoAsync(link);
        Assert.Equal(2, (await SessionsAsync(Server, userId)).Count(s => s.EndedAt is null));
        var done = await owner.SubmitAsync(page, new Dictionary<string, string>(), "#secure-account");

        Assert.NotNull(done.Document.QuerySelector("#secure-done"));
        var sessions = await SessionsAsync(Server, userId);
        Assert.Null(sessions[0].EndedAt);
        Assert.NotNull(sessions[1].EndedAt);
        Assert.Contains("/account/reset-password?", (await ResetMail.MailToAsync(Server.Services, user.Email)).Body);
    }

    [Fact]
    public async Task A_tampered_or_expired_link_ends_nothing()
    {
        var (_, userId, link) = await NewDeviceMailAsync();
        using var owner = Server.CreateBrowser();

        var tampered = await owner.GoAsync(link.Replace("token=", "token=A", StringComparison.Ordinal));
        var page = await owner.GoAsync(link);
        Server.Clock.Advance(TimeSpan.FromDays(8));
        var expired = await owner.SubmitAsync(page, new Dictionary<string, string>(), "#secure-account");

        Assert.NotNull(tampered.Document.QuerySelector("#secure-link-invalid"));
        Assert.NotNull(expired.Document.QuerySelector("#secure-link-invalid"));
        Assert.All(await SessionsAsync(Server, userId), session => Assert.Null(session.EndedAt));
    }

    [Fact]
    public async Task The_email_is_in_Korean_for_a_Korean_request()
    {
        var user = await TestUsers.CreateAsync(Server);
        await SignInAsync(BrowserFrom(Server, Seoul), user);
        Server.Clock.Advance(TimeSpan.FromDays(1));
        using var other = BrowserFrom(Server, Frankfurt);
        other.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ko");

        await SignInAsync(other, user);

        var mail = await Eventually.MatchAsync(() => Task.FromResult(Sent(user.Email).FirstOrDefault()), m => m is not null, "the Korean notice");
        Assert.Equal("Aict 계정에 새 로그인이 있었습니다", mail!.Subject);
        Assert.Contains("ui_locales=ko", mail.Body);
    }

    [Fact]
    public async Task A_strict_server_steps_up_a_new_device_and_refuses_a_user_without_a_factor()
    {
        var server = servers.Strict;
        var user = await TestUsers.CreateAsync(server);
        var withApp = await MfaUsers.WithTotpAsync(server);
        await SignInAsync(BrowserFrom(server, Seoul), user);
        await SignInWithCodeAsync(server, BrowserFrom(server, Seoul), withApp);

        server.Clock.Advance(TimeSpan.FromDays(1));
        var refused = await SignInAsync(BrowserFrom(server, Frankfurt), user);
        var challenged = await SignInAsync(BrowserFrom(server, Frankfurt), withApp);

        Assert.StartsWith("This sign-in looks unusual", refused.Document.QuerySelector("#sign-in-error")!.TextContent);
        Assert.Equal("/Account/Mfa", challenged.Path);
        Assert.Equal(AuditOutcomes.Blocked, Assert.Single(await AssessmentsAsync(server, await TestUsers.IdOfAsync(server, user))).Outcome);
        Assert.Equal(AuditOutcomes.StepUp, Assert.Single(await AssessmentsAsync(server, await TestUsers.IdOfAsync(server, withApp))).Outcome);
    }

    /// <summary>A user who signed in at home and then from a new browser in Frankfurt: their id and the link of the e-mail.</summary>
    private async Task<(DemoUser User, string UserId, string Link)> NewDeviceMailAsync()
    {
        var user = await TestUsers.CreateAsync(Server);
        await SignInAsync(BrowserFrom(Server, Seoul), user);
        Server.Clock.Advance(TimeSpan.FromDays(1));
        await SignInAsync(BrowserFrom(Server, Frankfurt), user);
        var mail = await MailAsync(user.Email);
        return (user, await TestUsers.IdOfAsync(Server, user), SecureLink().Match(mail.Body).Value);
    }

    private async Task<EmailMessage> MailAsync(string email) =>
        (await Eventually.MatchAsync(() => Task.FromResult(Mails(email).FirstOrDefault()), m => m is not null, $"a new-sign-in e-mail to {email}"))!;

    private IEnumerable<EmailMessage> Mails(string email) => Sent(email).Where(m => m.Subject == Subject);

    private IEnumerable<EmailMessage> Sent(string email) =>
        Server.Services.GetRequiredService<DevelopmentOutbox>().Messages.Select(m => m.Message).Where(m => m.To == email && SecureLink().IsMatch(m.Body));

    [GeneratedRegex(@"https?://\S+/account/secure\?\S+")]
    private static partial Regex SecureLink();
}
