using System.Net;
using System.Text.Encodings.Web;
using Aict.IdentityServer.FunctionalTests.Infrastructure;
using Aict.IdentityServer.Platform.Email;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Aict.IdentityServer.FunctionalTests.HostedPages;

/// <summary>
/// Five failed sign-ins lock an account for a while. The page says so to nobody: a locked account and
/// an unknown address get the same answer at the same cost, and the owner is told by e-mail. A lockout
/// stops new password sign-ins only; what the user already has running goes on. Lockout is state, so
/// these tests get a server of their own (a class fixture, not the shared collection's).
/// </summary>
public abstract class LockoutTests(ServerFixture server)
{
    private const int MaxFailedAttempts = 5;
    private readonly CodeFlow _flow = new(server.Factory);

    [Fact]
    public async Task Five_wrong_passwords_lock_Carol_out_and_then_even_her_right_password_is_refused()
    {
        var request = new AuthorizationRequest(DemoRealm.ChannelWeb);
        var page = await _flow.Browser.GoAsync(request.Url);

        var messages = new List<string?>();
        for (var attempt = 1; attempt <= MaxFailedAttempts; attempt++)
        {
            page = await _flow.Browser.SignInAsync(page, DemoRealm.Carol.Email, $"Wrong#{attempt}");
            messages.Add(SignInPageTests.ErrorText(page));
        }

        page = await _flow.Browser.SignInAsync(page, DemoRealm.Carol.Email, DemoRealm.Carol.Password);

        Assert.Equal(Enumerable.Repeat(SignInPageTests.InvalidCredentials, MaxFailedAttempts), messages);
        Assert.Equal(SignInPageTests.InvalidCredentials, SignInPageTests.ErrorText(page));
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("/account/login", page.Path);
        Assert.Equal("login_required", (await _flow.AuthorizeSilentlyAsync(new AuthorizationRequest(DemoRealm.ChannelWeb))).Error);
    }

    [Fact]
    public async Task A_locked_account_and_an_unknown_address_get_the_same_page_and_both_cost_a_password_check()
    {
        var checks = new CountingPasswordHasher.Checks();
        await using var own = server.Factory.WithWebHostBuilder(builder =>
            builder.ConfigureTestServices(services => CountingPasswordHasher.Wrap(services, checks)));
        using var browser = ResetMail.BrowserOn(own);
        var user = await TestUsers.CreateAsync(server.Factory);
        var unknown = $"nobody-{Guid.NewGuid():N}@example.com";
        for (var attempt = 1; attempt <= MaxFailedAttempts; attempt++)
        {
            await browser.SignInAsync(await browser.GoAsync("/account/login"), user.Email, $"Wrong#{attempt}");
        }

        var beforeLocked = checks.Count;
        var locked = await browser.SignInAsync(await browser.GoAsync("/account/login"), user.Email, user.Password);
        var beforeUnknown = checks.Count;
        var noAccount = await browser.SignInAsync(await browser.GoAsync("/account/login"), unknown, user.Password);

        Assert.Equal(1, beforeUnknown - beforeLocked);
        Assert.Equal(1, checks.Count - beforeUnknown);
        Assert.Equal(noAccount.Status, locked.Status);
        Assert.Equal(Normalized(noAccount, unknown), Normalized(locked, user.Email));
        Assert.Equal(SignInPageTests.InvalidCredentials, SignInPageTests.ErrorText(locked));
    }

    [Fact]
    public async Task Five_wrong_passwords_from_someone_else_leave_the_users_session_and_refresh_token_working()
    {
        var user = await TestUsers.CreateAsync(server.Factory);
        var request = new AuthorizationRequest(DemoRealm.ChannelWeb, "openid profile offline_access orders:read");
        var tokens = await _flow.SignInAsync(request, user);
        var attacker = new CodeFlow(server.Factory);
        var page = await attacker.Browser.GoAsync(new AuthorizationRequest(DemoRealm.ChannelWeb).Url);
        for (var attempt = 1; attempt <= MaxFailedAttempts; attempt++)
        {
            page = await attacker.Browser.SignInAsync(page, user.Email, $"Wrong#{attempt}");
        }

        var refreshed = await _flow.Tokens.RefreshAsync(DemoRealm.ChannelWeb, tokens.RefreshToken!);
        var silent = await _flow.AuthorizeSilentlyAsync(new AuthorizationRequest(DemoRealm.ChannelWeb));

        Assert.Equal(HttpStatusCode.OK, refreshed.Status);
        Assert.NotNull(refreshed.RefreshToken);
        Assert.Null(silent.Error);
        Assert.NotNull(silent.Code);
        // The lockout itself holds: the right password does not start a new session while it lasts.
        var newcomer = new CodeFlow(server.Factory);
        var refused = await newcomer.Browser.SignInAsync(await newcomer.Browser.GoAsync(new AuthorizationRequest(DemoRealm.ChannelWeb).Url), user.Email, user.Password);
        Assert.Null(refused.LeftTo);
        Assert.Equal(SignInPageTests.InvalidCredentials, SignInPageTests.ErrorText(refused));
    }

    [Fact]
    public async Task The_owner_is_told_by_e_mail_once_when_failed_attempts_lock_the_account()
    {
        var user = await TestUsers.CreateAsync(server.Factory);
        var page = await _flow.Browser.GoAsync("/account/login");
        for (var attempt = 1; attempt <= MaxFailedAttempts + 1; attempt++)
        {
            page = await _flow.Browser.SignInAsync(page, user.Email, $"Wrong#{attempt}");
        }

        var notices = await Eventually.MatchAsync(() => Task.FromResult(MailTo(user.Email)), mail => mail.Count > 0, $"a notice to {user.Email}");

        var notice = Assert.Single(notices);
        Assert.Equal("Your Aict account's sign-in was changed", notice.Subject);
        Assert.Contains("paused new sign-ins", notice.Body, StringComparison.Ordinal);
        Assert.Contains("Devices already signed in keep working.", notice.Body, StringComparison.Ordinal);
    }

    private List<EmailMessage> MailTo(string email) =>
        [.. server.Factory.Services.GetRequiredService<DevelopmentOutbox>().Messages.Select(sent => sent.Message).Where(message => message.To == email)];

    // The page with what must differ between two requests blanked: anti-forgery tokens and the address typed.
    private static string Normalized(Navigation page, string email)
    {
        var html = page.Html;
        foreach (var token in page.Document.QuerySelectorAll("input[name=__RequestVerificationToken]"))
        {
            html = html.Replace(token.GetAttribute("value")!, "{token}", StringComparison.Ordinal);
        }

        return html.Replace(HtmlEncoder.Default.Encode(email), "{email}", StringComparison.Ordinal).Replace(email, "{email}", StringComparison.Ordinal);
    }
}

public sealed class LockoutOnSqlite(SqliteServer server) : LockoutTests(server), IClassFixture<SqliteServer>;

public sealed class LockoutOnPostgres(PostgresServer server) : LockoutTests(server), IClassFixture<PostgresServer>;
