using System.Globalization;
using System.Net;
using Aict.IdentityServer.Administration.Audit;
using Aict.IdentityServer.FunctionalTests.Infrastructure;
using Aict.IdentityServer.Platform.Data;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static Aict.IdentityServer.FunctionalTests.HostedPages.ResetMail;

namespace Aict.IdentityServer.FunctionalTests.HostedPages;

/// <summary>The forgotten-password journey: ask for a link, read it in the outbox, choose a new password.</summary>
public abstract class PasswordResetTests(ServerFixture server)
{
    private const string NewPasswordValue = "Reset#2026new";
    private readonly IdentityServerFactory _factory = server.Factory;
    private readonly Browser _browser = server.Factory.CreateBrowser();

    [Fact]
    public async Task The_sign_in_page_links_to_the_forgot_password_page_whose_field_has_a_label()
    {
        var login = await _browser.GoAsync("/account/login");
        var link = login.Document.QuerySelector("a#forgot-password")?.GetAttribute("href");

        var page = await _browser.GoAsync(link!);

        Assert.Equal("/account/forgot-password", page.Path);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.NotNull(page.Document.QuerySelector("label[for='Input_Email']"));
    }

    [Fact]
    public async Task A_reset_link_from_the_outbox_sets_a_new_password_and_the_old_one_stops_working()
    {
        var user = await NewUserAsync(_factory.Services);

        var sent = await AskForLinkAsync(_browser, user.Email);
        Assert.Equal("/account/forgot-password/sent", sent.Path);
        var mail = await MailToAsync(_factory.Services, user.Email);
        Assert.Equal("Reset your Aict password", mail.Subject);
        var form = await _browser.GoAsync(LinkIn(mail));
        Assert.NotNull(form.Document.QuerySelector("label[for='Input_NewPassword']"));
        Assert.NotNull(form.Document.QuerySelector("label[for='Input_ConfirmNewPassword']"));
        var done = await _browser.SubmitAsync(form, NewPassword(NewPasswordValue));

        Assert.Equal("/account/reset-password/done", done.Path);
        Assert.NotNull(done.Document.QuerySelector("a[href='/account/login']"));
        Assert.NotNull((await new CodeFlow(_factory).SignInAsync(new AuthorizationRequest(DemoRealm.ChannelWeb), user with { Password = NewPasswordValue })).AccessToken);
        var oldPassword = await SignInAsync(user);
        Assert.Equal(SignInPageTests.InvalidCredentials, oldPassword.Document.QuerySelector("#sign-in-error")?.TextContent);
    }

    [Fact]
    public async Task A_reset_ends_every_session_of_the_user_kills_their_refresh_tokens_and_is_audited()
    {
        var user = await NewUserAsync(_factory.Services);
        var signedIn = new CodeFlow(_factory);
        var tokens = await signedIn.SignInAsync(new AuthorizationRequest(DemoRealm.ChannelWeb, "openid offline_access"), user);

        await AskForLinkAsync(_browser, user.Email);
        var form = await _browser.GoAsync(LinkIn(await MailToAsync(_factory.Services, user.Email)));
        await _browser.SubmitAsync(form, NewPassword(NewPasswordValue));

        Assert.Equal("login_required", (await signedIn.AuthorizeSilentlyAsync(new AuthorizationRequest(DemoRealm.ChannelWeb))).Error);
        Assert.Equal("invalid_grant", (await signedIn.Tokens.RefreshAsync(DemoRealm.ChannelWeb, tokens.RefreshToken!)).Error);
        await using var scope = _factory.Services.CreateAsyncScope();
        var userId = await UserIdAsync(_factory.Services, user.Email);
        Assert.True(await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().AuditEvents
            .AnyAsync(e => e.UserId == userId && e.Type == AuditEventTypes.PasswordReset));
    }

    [Fact]
    public async Task The_Development_outbox_page_shows_the_reset_e_mail()
    {
        var user = await NewUserAsync(_factory.Services);
        await AskForLinkAsync(_browser, user.Email);
        await MailToAsync(_factory.Services, user.Email);

        var outbox = await _browser.GoAsync("/dev/outbox");

        Assert.Equal(HttpStatusCode.OK, outbox.Status);
        Assert.Contains(outbox.Document.QuerySelectorAll(".outbox-message .to"), to => to.TextContent == user.Email);
    }

    [Fact]
    public async Task A_reset_lifts_a_lockout_so_the_new_password_signs_in_at_once()
    {
        var user = await NewUserAsync(_factory.Services);
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            await users.SetLockoutEndDateAsync((await users.FindByEmailAsync(user.Email))!, DateTimeOffset.UtcNow.AddHours(1));
        }

        await AskForLinkAsync(_browser, user.Email);
        var form = await _browser.GoAsync(LinkIn(await MailToAsync(_factory.Services, user.Email)));
        await _browser.SubmitAsync(form, NewPassword(NewPasswordValue));

        Assert.Equal("/", (await SignInAsync(user with { Password = NewPasswordValue })).Path);
    }

    [Fact]
    public async Task A_reset_does_not_lift_an_administrator_s_lock()
    {
        var user = await NewUserAsync(_factory.Services);
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            await users.SetLockoutEndDateAsync((await users.FindByEmailAsync(user.Email))!, DateTimeOffset.MaxValue);
        }

        await AskForLinkAsync(_browser, user.Email);
        var form = await _browser.GoAsync(LinkIn(await MailToAsync(_factory.Services, user.Email)));
        await _browser.SubmitAsync(form, NewPassword(NewPasswordValue));

        Assert.Equal("/account/login", (await SignInAsync(user with { Password = NewPasswordValue })).Path);
    }

    [Fact]
    public async Task The_sign_in_page_in_Korean_links_to_the_forgot_password_page_in_Korean()
    {
        var login = await _browser.GoAsync("/account/login?ui_locales=ko");

        var page = await _browser.GoAsync(login.Document.QuerySelector("a#forgot-password")!.GetAttribute("href")!);

        Assert.Contains("비밀번호 재설정", page.Html);
    }

    [Fact]
    public async Task A_reset_link_works_once_and_a_second_use_gets_the_generic_link_error()
    {
        var user = await NewUserAsync(_factory.Services);
        await AskForLinkAsync(_browser, user.Email);
        var link = LinkIn(await MailToAsync(_factory.Services, user.Email));
        var form = await _browser.GoAsync(link);
        await _browser.SubmitAsync(form, NewPassword(NewPasswordValue));

        var reopened = await _browser.GoAsync(link);
        var reposted = await _browser.SubmitAsync(form, NewPassword("Reset#2026again"));

        Assert.Equal(HttpStatusCode.OK, reopened.Status);
        Assert.NotNull(reopened.Document.QuerySelector("#reset-link-invalid"));
        Assert.Null(reopened.Document.QuerySelector("input[name='Input.NewPassword']"));
        Assert.Equal(HttpStatusCode.OK, reposted.Status);
        Assert.NotNull(reposted.Document.QuerySelector("#reset-link-invalid"));
        Assert.Equal("/account/login", (await SignInAsync(user with { Password = "Reset#2026again" })).Path);
    }

    [Theory]
    [InlineData("userId={0}&token=bm90LWEtdG9rZW4")]
    [InlineData("userId={0}&token=not*base64url")]
    [InlineData("userId={0}&token=")]
    [InlineData("userId={0}")]
    [InlineData("userId=nobody&token=bm90LWEtdG9rZW4")]
    [InlineData("")]
    public async Task A_tampered_or_incomplete_link_gets_the_generic_link_error_and_no_form(string query)
    {
        var user = await NewUserAsync(_factory.Services);
        var userId = await UserIdAsync(_factory.Services, user.Email);

        var page = await _browser.GoAsync("/account/reset-password?" + string.Format(CultureInfo.InvariantCulture, query, userId));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.NotNull(page.Document.QuerySelector("#reset-link-invalid"));
        Assert.Null(page.Document.QuerySelector("input[name='Input.NewPassword']"));
    }

    [Fact]
    public async Task An_unknown_address_gets_the_same_answer_and_no_e_mail()
    {
        var user = await NewUserAsync(_factory.Services);
        var unknown = $"nobody-{Guid.NewGuid():N}@example.com";

        var unknownAnswer = await AskForLinkAsync(_browser, unknown);
        var knownAnswer = await AskForLinkAsync(_browser, user.Email);

        Assert.Equal(knownAnswer.Path, unknownAnswer.Path);
        Assert.Equal(knownAnswer.Html, unknownAnswer.Html);
        // One background queue, first in first out: once the later request's e-mail is out, the earlier one was handled.
        await MailToAsync(_factory.Services, user.Email);
        Assert.Empty(Sent(_factory.Services, unknown));
    }

    [Fact]
    public async Task A_weak_new_password_shows_the_length_rule_and_leaves_the_link_usable()
    {
        var user = await NewUserAsync(_factory.Services);
        await AskForLinkAsync(_browser, user.Email);
        var form = await _browser.GoAsync(LinkIn(await MailToAsync(_factory.Services, user.Email)));

        var refused = await _browser.SubmitAsync(form, NewPassword("weak"));

        Assert.Equal("/account/reset-password", refused.Path);
        Assert.Contains("Use at least 8 characters.", refused.Document.QuerySelector("#new-password-error")?.TextContent);
        Assert.Equal("/account/reset-password/done", (await _browser.SubmitAsync(refused, NewPassword(NewPasswordValue))).Path);
    }

    [Fact]
    public async Task A_confirmation_that_does_not_match_is_refused_and_the_password_stays()
    {
        var user = await NewUserAsync(_factory.Services);
        await AskForLinkAsync(_browser, user.Email);
        var form = await _browser.GoAsync(LinkIn(await MailToAsync(_factory.Services, user.Email)));

        var refused = await _browser.SubmitAsync(form, NewPassword(NewPasswordValue, "Reset#2026other"));

        Assert.Equal("/account/reset-password", refused.Path);
        Assert.Equal("The two passwords do not match.", refused.Document.QuerySelector("#confirm-password-error")?.TextContent);
        Assert.Equal("/", (await SignInAsync(user)).Path);
    }

    [Fact]
    public async Task A_reset_asked_for_in_Korean_sends_the_e_mail_in_Korean_and_the_link_opens_the_Korean_page()
    {
        var user = await NewUserAsync(_factory.Services);

        var sent = await AskForLinkAsync(_browser, user.Email, "?ui_locales=ko");

        Assert.Contains("이메일을 확인하세요", sent.Html);
        var mail = await MailToAsync(_factory.Services, user.Email);
        Assert.Equal("Aict 비밀번호 재설정", mail.Subject);
        Assert.Contains("새 비밀번호 설정", (await _browser.GoAsync(LinkIn(mail))).Html);
    }

    [Fact]
    public async Task A_reset_link_lives_thirty_minutes_and_the_e_mail_says_so()
    {
        // Identity's data-protection token provider reads the system clock, not TimeProvider: its lifespan is checked here.
        var user = await NewUserAsync(_factory.Services);
        await AskForLinkAsync(_browser, user.Email);

        var mail = await MailToAsync(_factory.Services, user.Email);

        Assert.Equal(TimeSpan.FromMinutes(30), _factory.Services.GetRequiredService<IOptions<DataProtectionTokenProviderOptions>>().Value.TokenLifespan);
        Assert.Contains("within 30 minutes", mail.Body);
    }

    [Fact]
    public async Task Asking_without_the_anti_forgery_token_is_refused_and_sends_nothing()
    {
        var user = await NewUserAsync(_factory.Services);

        using var response = await _browser.Http.PostAsync("/account/forgot-password",
            new FormUrlEncodedContent([new("Input.Email", user.Email)]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(Sent(_factory.Services, user.Email));
    }

    // A fresh browser: the page under test leaves this one's cookies alone.
    private async Task<Navigation> SignInAsync(DemoUser user)
    {
        using var browser = _factory.CreateBrowser();
        return await browser.SignInAsync(await browser.GoAsync("/account/login"), user.Email, user.Password);
    }
}

[Collection(OnSqlite.Name)]
public sealed class PasswordResetOnSqlite(SqliteServer server) : PasswordResetTests(server);

[Collection(OnPostgres.Name)]
public sealed class PasswordResetOnPostgres(PostgresServer server) : PasswordResetTests(server);
