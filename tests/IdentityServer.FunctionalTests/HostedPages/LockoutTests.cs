using System.Net;
using Aict.IdentityServer.FunctionalTests.Infrastructure;

namespace Aict.IdentityServer.FunctionalTests.HostedPages;

/// <summary>
/// Five failed sign-ins lock an address for a while, whether or not it has an account. Lockout is
/// state, so these tests get a server of their own (a class fixture, not the shared collection's),
/// and Carol is the only account they touch.
/// </summary>
public abstract class LockoutTests(ServerFixture server)
{
    private const int MaxFailedAttempts = 5;
    private const string Locked = "This account is locked. Try again later, or ask your administrator.";
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

        Assert.Equal([.. Enumerable.Repeat(SignInPageTests.InvalidCredentials, MaxFailedAttempts - 1), Locked], messages);
        Assert.Equal(Locked, SignInPageTests.ErrorText(page));
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("/account/login", page.Path);
        Assert.Equal("login_required", (await _flow.AuthorizeSilentlyAsync(new AuthorizationRequest(DemoRealm.ChannelWeb))).Error);
    }

    [Fact]
    public async Task An_unknown_e_mail_is_locked_out_after_five_attempts_just_like_a_real_account()
    {
        var email = $"nobody-{Guid.NewGuid():N}@example.com";
        var page = await _flow.Browser.GoAsync(new AuthorizationRequest(DemoRealm.ChannelWeb).Url);

        var messages = new List<string?>();
        for (var attempt = 1; attempt <= MaxFailedAttempts + 1; attempt++)
        {
            page = await _flow.Browser.SignInAsync(page, email, $"Wrong#{attempt}");
            messages.Add(SignInPageTests.ErrorText(page));
        }

        Assert.Equal([.. Enumerable.Repeat(SignInPageTests.InvalidCredentials, MaxFailedAttempts - 1), Locked, Locked], messages);
        Assert.Equal("/account/login", page.Path);
    }
}

public sealed class LockoutOnSqlite(SqliteServer server) : LockoutTests(server), IClassFixture<SqliteServer>;

public sealed class LockoutOnPostgres(PostgresServer server) : LockoutTests(server), IClassFixture<PostgresServer>;
