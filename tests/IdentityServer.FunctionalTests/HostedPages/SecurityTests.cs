using Aict.IdentityServer.FunctionalTests.Infrastructure;

namespace Aict.IdentityServer.FunctionalTests.HostedPages;

/// <summary>Browser-side defences of the hosted pages: security headers, the session cookie, encoded hints.</summary>
public abstract class SecurityTests(ServerFixture server)
{
    private readonly CodeFlow _flow = new(server.Factory);

    [Fact]
    public async Task Every_hosted_page_forbids_sniffing_and_framing()
    {
        var browser = _flow.Browser;
        var login = await browser.GoAsync(new AuthorizationRequest(DemoRealm.ChannelMobile, ConsentTests.ScopesAliceNeverGrants).Url);
        var pages = new Dictionary<string, Navigation>
        {
            ["sign-in"] = login,
            ["error"] = await browser.GoAsync(new AuthorizationRequest(DemoRealm.ChannelWeb with { ClientId = "no-such-client" }).Url),
            ["consent"] = await browser.SignInAsync(login, DemoRealm.Alice.Email, DemoRealm.Alice.Password),
            ["sign-out"] = await browser.GoAsync("/connect/endsession"),
            ["home"] = await browser.GoAsync("/"),
            ["signed-out"] = await browser.GoAsync("/account/logout/done"),
        };

        Assert.Equal("/consent", pages["consent"].Path);
        Assert.Equal("/account/logout", pages["sign-out"].Path);
        Assert.All(pages, entry =>
        {
            var (name, page) = entry;
            Assert.True(page.LeftTo is null, $"{name} left the server for {page.LeftTo}");
            Assert.Equal(["nosniff"], page.Headers.GetValues("X-Content-Type-Options"));
            Assert.Equal(["DENY"], page.Headers.GetValues("X-Frame-Options"));
            var policy = Assert.Single(page.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("frame-ancestors 'none'", policy.Split(';').Select(directive => directive.Trim()));
        });
    }

    [Fact]
    public async Task The_session_cookie_is_HttpOnly_SameSite_Lax_and_ends_with_the_browser()
    {
        var request = new AuthorizationRequest(DemoRealm.ChannelWeb);

        var signedIn = await _flow.Browser.SignInAsync(await _flow.Browser.GoAsync(request.Url), DemoRealm.Alice.Email, DemoRealm.Alice.Password);

        Assert.NotNull(signedIn.LeftTo);
        var cookie = Assert.Single(signedIn.SetCookies, c => c.StartsWith("aict.session=", StringComparison.Ordinal));
        var attributes = cookie.Split(';').Skip(1).Select(a => a.Trim().ToLowerInvariant()).ToList();
        Assert.Contains("httponly", attributes);
        Assert.Contains("samesite=lax", attributes);
        Assert.Contains("path=/", attributes);
        Assert.DoesNotContain(attributes, a => a.StartsWith("expires=", StringComparison.Ordinal) || a.StartsWith("max-age=", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    public async Task A_return_url_that_leaves_the_server_is_ignored_after_signing_in(string returnUrl)
    {
        var login = await _flow.Browser.GoAsync("/account/login?ReturnUrl=" + Uri.EscapeDataString(returnUrl));

        var page = await _flow.Browser.SignInAsync(login, DemoRealm.Alice.Email, DemoRealm.Alice.Password);

        Assert.Null(page.LeftTo);
        Assert.Equal("/", page.Path);
    }

    [Fact]
    public async Task Login_hint_fills_in_the_e_mail_as_text_and_cannot_inject_markup()
    {
        const string hint = "\"><script>alert(1)</script><input name=\"x";
        var request = new AuthorizationRequest(DemoRealm.ChannelWeb);
        request.Parameters["login_hint"] = hint;

        var page = await _flow.Browser.GoAsync(request.Url);

        Assert.Equal("/account/login", page.Path);
        Assert.Equal(hint, page.Document.QuerySelector("#Input_Email")?.GetAttribute("value"));
        Assert.Empty(page.Document.QuerySelectorAll("input[name=x]"));
        // The only script is the page's own passkey script file.
        Assert.All(page.Document.QuerySelectorAll("script"),
            script => Assert.StartsWith("/_content/Aict.Ui/js/passkeys.js?v=", script.GetAttribute("src")));
    }
}

[Collection(OnSqlite.Name)]
public sealed class SecurityOnSqlite(SqliteServer server) : SecurityTests(server);

[Collection(OnPostgres.Name)]
public sealed class SecurityOnPostgres(PostgresServer server) : SecurityTests(server);
