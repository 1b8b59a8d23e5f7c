using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Aict.IdentityServer.Administration.Audit;
using Aict.IdentityServer.Administration.Notices;
using Aict.IdentityServer.FunctionalTests.HostedPages;
using Aict.IdentityServer.FunctionalTests.Infrastructure;
using Aict.IdentityServer.FunctionalTests.Passkeys;
using Aict.IdentityServer.Platform.Email;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using static Aict.IdentityServer.FunctionalTests.Sms.SmsServer;

namespace Aict.IdentityServer.FunctionalTests.Account;

/// <summary>
/// Every change to how an account signs in sends its holder one e-mail notice (NIST SP 800-63B-4), whoever
/// made it and wherever: the account API, the hosted pages, the password reset, an administrator.
/// </summary>
public abstract class ChangeNoticeTests(ServerFixture server)
{
    private const string EnglishSubject = "Your Aict account's sign-in was changed";
    private const string KoreanSubject = "Aict 계정의 로그인 설정이 변경되었습니다";

    private IdentityServerFactory Factory => server.Factory;

    [Fact]
    public async Task Adding_an_authenticator_in_the_portal_sends_one_notice_naming_the_app_and_the_recovery_codes()
    {
        var client = await MfaApiClient.SignInAsync(Factory);
        var email = await EmailOfAsync(client.Account.UserId);

        await client.EnrolTotpAsync();

        var notice = Assert.Single(await NoticesAfterQueuedAsync(email));
        Assert.Equal(EnglishSubject, notice.Subject);
        Assert.Contains("An authenticator app was added as a second factor.", notice.Body);
        Assert.Contains("New recovery codes were made", notice.Body);
        // A notice carries no secret and no link: nothing in it signs anyone in.
        Assert.DoesNotContain("http", notice.Body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("otpauth", notice.Body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Removing_the_authenticator_and_making_new_recovery_codes_each_send_one_notice()
    {
        var client = await MfaApiClient.SignInAsync(Factory);
        var email = await EmailOfAsync(client.Account.UserId);
        await client.EnrolTotpAsync();

        using (var regenerated = await client.PostAsync("recovery-codes"))
        {
            Assert.Equal(HttpStatusCode.OK, regenerated.StatusCode);
        }

        var afterCodes = await NoticesAfterQueuedAsync(email);
        Assert.Equal(2, afterCodes.Count);
        Assert.Contains("New recovery codes were made", afterCodes[0].Body);
        Assert.DoesNotContain("authenticator", afterCodes[0].Body, StringComparison.OrdinalIgnoreCase);

        using (var removed = await client.DeleteAsync("totp"))
        {
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        }

        var afterRemoval = await NoticesAfterQueuedAsync(email);
        Assert.Equal(3, afterRemoval.Count);
        Assert.Contains("The authenticator app was removed.", afterRemoval[0].Body);
    }

    [Fact]
    public async Task Adding_and_removing_a_phone_each_send_one_notice()
    {
        var client = await MfaApiClient.SignInAsync(Factory);
        var email = await EmailOfAsync(client.Account.UserId);

        await client.EnrolPhoneAsync(NewNumber());
        var added = Assert.Single(await NoticesAfterQueuedAsync(email));
        Assert.Contains("A phone number was added for text-message codes.", added.Body);

        using (var removed = await client.DeleteAsync("phone"))
        {
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        }

        var notices = await NoticesAfterQueuedAsync(email);
        Assert.Equal(2, notices.Count);
        Assert.Contains("The phone number for text-message codes was removed.", notices[0].Body);
    }

    [Fact]
    public async Task Removing_a_passkey_sends_one_notice()
    {
        var client = await MfaApiClient.SignInAsync(Factory);
        var email = await EmailOfAsync(client.Account.UserId);
        var passkey = await PasskeyRows.AddAsync(Factory, client.Account.UserId);

        using var removed = await client.Api.DeleteAsync($"/api/account/passkeys/{passkey.Id}");

        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        var notice = Assert.Single(await NoticesAfterQueuedAsync(email));
        Assert.Contains("A passkey was removed.", notice.Body);
    }

    [Fact]
    public async Task Changing_the_password_sends_one_notice_in_the_accounts_language()
    {
        var user = await TestUsers.CreateAsync(Factory);
        await SetLocaleAsync(user.Email, "ko-KR");
        var portal = await PortalSession.SignInAsync(Factory, user);

        using var changed = await portal.Api.PostAsJsonAsync("/api/account/password", new { currentPassword = user.Password, newPassword = "Changed#2026notice" });

        Assert.True(changed.IsSuccessStatusCode, await changed.Content.ReadAsStringAsync());
        var notice = Assert.Single(await NoticesAfterQueuedAsync(user.Email));
        Assert.Equal(KoreanSubject, notice.Subject);
        Assert.Contains("비밀번호가 변경되었습니다.", notice.Body);
        Assert.DoesNotContain("Changed#2026notice", notice.Body);
    }

    [Fact]
    public async Task Resetting_the_password_with_the_e_mailed_link_sends_one_notice_after_the_link()
    {
        var user = await ResetMail.NewUserAsync(Factory.Services);
        var browser = Factory.CreateBrowser();
        await ResetMail.AskForLinkAsync(browser, user.Email);
        var form = await browser.GoAsync(ResetMail.LinkIn(await ResetMail.MailToAsync(Factory.Services, user.Email)));

        var done = await browser.SubmitAsync(form, ResetMail.NewPassword("Reset#2026notice"));

        Assert.Equal("/account/reset-password/done", done.Path);
        var notice = Assert.Single(await NoticesAfterQueuedAsync(user.Email));
        Assert.Contains("The password was reset with a link sent to this address.", notice.Body);
        Assert.DoesNotContain("reset-password", notice.Body);
    }

    [Fact]
    public async Task An_administrators_mfa_reset_sends_the_user_one_notice()
    {
        var user = await MfaUsers.WithTotpAsync(Factory);
        var userId = await TestUsers.IdOfAsync(Factory, user);
        var before = (await NoticesAfterQueuedAsync(user.Email)).Count;
        var admin = await PortalSession.SignInAsync(Factory, DemoRealm.Admin);

        using var reset = await admin.Api.PostAsync($"/api/admin/users/{userId}/mfa/reset", null);

        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        var notices = await NoticesAfterQueuedAsync(user.Email);
        Assert.Equal(before + 1, notices.Count);
        Assert.Contains("An administrator removed every second factor", notices[0].Body);
    }

    [Fact]
    public async Task Enrolling_on_the_hosted_page_sends_one_notice_for_the_app_and_its_recovery_codes()
    {
        var client = await TestClients.CreateWebClientAsync(Factory, d => d.Properties["require_mfa"] = System.Text.Json.JsonSerializer.SerializeToElement(true));
        var user = await TestUsers.CreateAsync(Factory);
        var flow = new CodeFlow(Factory);
        var enrol = await flow.Browser.SignInAsync(await flow.Browser.GoAsync(new AuthorizationRequest(client, "openid").Url), user.Email, user.Password);
        var secret = enrol.Document.QuerySelector("#totp-secret")!.TextContent.Trim();

        var done = await flow.Browser.SubmitAsync(enrol, new Dictionary<string, string> { ["Code"] = Factory.Authenticator.NextCode(secret) });

        Assert.Equal(10, done.Document.QuerySelectorAll("#recovery-codes li").Length);
        var notice = Assert.Single(await NoticesAfterQueuedAsync(user.Email));
        Assert.Contains("An authenticator app was added as a second factor.", notice.Body);
        Assert.Contains("New recovery codes were made", notice.Body);
        Assert.DoesNotContain(secret, notice.Body);
    }

    /// <summary>
    /// The notices to <paramref name="email"/>, newest first, once the mailer has sent everything queued so far:
    /// it sends in order, so a notice queued now for another account arrives after them.
    /// </summary>
    private async Task<List<EmailMessage>> NoticesAfterQueuedAsync(string email)
    {
        var marker = await TestUsers.CreateAsync(Factory);
        Factory.Services.GetRequiredService<AccountNotices<ChangeNotice>>().Enqueue(new ChangeNotice(
            await TestUsers.IdOfAsync(Factory, marker), [AuditEventTypes.PasswordChanged], CultureInfo.GetCultureInfo("en"), DateTimeOffset.UtcNow));
        await Eventually.MatchAsync(() => Task.FromResult(NoticesTo(marker.Email).Count), count => count == 1, $"the notice to {marker.Email}");
        return NoticesTo(email);
    }

    private List<EmailMessage> NoticesTo(string email) =>
        [.. Factory.Services.GetRequiredService<DevelopmentOutbox>().Messages.Select(sent => sent.Message)
            .Where(message => message.To == email && message.Subject is EnglishSubject or KoreanSubject)];

    private async Task<string> EmailOfAsync(string userId)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByIdAsync(userId))!.Email!;
    }

    private async Task SetLocaleAsync(string email, string locale)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = (await users.FindByEmailAsync(email))!;
        user.Locale = locale;
        await users.UpdateAsync(user);
    }
}

[Collection(OnSqlite.Name)]
public sealed class ChangeNoticeTestsOnSqlite(SqliteServer server) : ChangeNoticeTests(server);

[Collection(OnPostgres.Name)]
public sealed class ChangeNoticeTestsOnPostgres(PostgresServer server) : ChangeNoticeTests(server);
