using Aict.IdentityServer.FunctionalTests.Mfa;
using Microsoft.EntityFrameworkCore;

namespace Aict.IdentityServer.FunctionalTests.HostedPages;

/// <summary>
/// The hosted enrolment binds a factor only within <c>Mfa:RecentSignInWindow</c> of the password: a session
/// cookie alone, found or stolen later, cannot bind an authenticator.
/// </summary>
public abstract class EnrolmentWindowTests(ServerFixture server)
{
    private IdentityServerFactory Factory => server.Factory;

    private readonly CodeFlow _flow = new(server.Factory);

    [Fact]
    public async Task Enrolment_with_a_sign_in_older_than_the_window_binds_nothing_and_asks_for_the_password_first()
    {
        var client = await TestClients.CreateWebClientAsync(Factory, d => d.Properties["require_mfa"] = System.Text.Json.JsonSerializer.SerializeToElement(true));
        var user = await TestUsers.CreateAsync(Factory);
        var account = await MfaAccount.OfAsync(Factory, user);
        await _flow.SignInAsync(new AuthorizationRequest(DemoRealm.ChannelWeb), user);

        // The session is eleven minutes old (the window is ten) when the client asks for MFA: no secret is even made.
        Factory.Clock.Advance(TimeSpan.FromMinutes(11));
        var request = new AuthorizationRequest(client, "openid profile");
        var stale = await _flow.Browser.GoAsync(request.Url);
        Assert.Equal("/account/login", stale.Path, ignoreCase: true);
        Assert.Equal(0, await account.QueryAsync(db => db.TotpAuthenticators.CountAsync(t => t.UserId == account.UserId)));

        // Password again, then back to the enrolment, which now works and completes the sign-in.
        var enrol = await _flow.Browser.SignInAsync(stale, user.Email, user.Password);
        Assert.Equal("/Account/Mfa/Enrol", enrol.Path);
        var secret = enrol.Document.QuerySelector("#totp-secret")!.TextContent.Trim();
        var done = await _flow.Browser.SubmitAsync(enrol, new Dictionary<string, string> { ["Code"] = Factory.Authenticator.NextCode(secret) });
        Assert.Equal(10, done.Document.QuerySelectorAll("#recovery-codes li").Length);
        var proceed = await _flow.Browser.GoAsync(done.Document.QuerySelector("#continue")!.GetAttribute("href")!);
        Assert.NotNull(new AuthorizationResponse(proceed.LeftTo!).Code);
        Assert.True((await account.FactorsAsync()).Totp);
    }

    [Fact]
    public async Task A_code_posted_to_the_enrolment_page_after_the_window_binds_nothing_and_asks_for_the_password()
    {
        var client = await TestClients.CreateWebClientAsync(Factory, d => d.Properties["require_mfa"] = System.Text.Json.JsonSerializer.SerializeToElement(true));
        var user = await TestUsers.CreateAsync(Factory);
        var account = await MfaAccount.OfAsync(Factory, user);
        var enrol = await _flow.Browser.SignInAsync(await _flow.Browser.GoAsync(new AuthorizationRequest(client, "openid profile").Url), user.Email, user.Password);
        Assert.Equal("/Account/Mfa/Enrol", enrol.Path);
        var secret = enrol.Document.QuerySelector("#totp-secret")!.TextContent.Trim();

        // Someone holding the session cookie later, with their own app's code.
        Factory.Clock.Advance(TimeSpan.FromMinutes(11));
        var posted = await _flow.Browser.SubmitAsync(enrol, new Dictionary<string, string> { ["Code"] = Factory.Authenticator.NextCode(secret) });

        Assert.Equal("/account/login", posted.Path, ignoreCase: true);
        Assert.Empty(posted.Document.QuerySelectorAll("#recovery-codes li"));
        var factors = await account.FactorsAsync();
        Assert.False(factors.HasSecondFactor);
        Assert.False(await account.TwoFactorEnabledAsync());
        Assert.Equal(0, factors.RecoveryCodesLeft);
    }
}

// Servers of their own: these tests move the clock past the recent-sign-in window.
public sealed class EnrolmentWindowTestsOnSqlite(SqliteServer server) : EnrolmentWindowTests(server), IClassFixture<SqliteServer>;

public sealed class EnrolmentWindowTestsOnPostgres(PostgresServer server) : EnrolmentWindowTests(server), IClassFixture<PostgresServer>;
