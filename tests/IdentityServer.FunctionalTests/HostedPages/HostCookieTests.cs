using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Aict.IdentityServer.FunctionalTests.HostedPages;

/// <summary>Outside Development the pages' cookies are <c>__Host-</c> cookies and HSTS covers a year and every subdomain.</summary>
public sealed class HostCookieTests : IAsyncLifetime
{
    // Not localhost: ASP.NET Core leaves HSTS off for localhost, and this is what a deployment looks like.
    private static readonly Uri Issuer = new("https://id.aict.example/");

    private readonly TestDatabase _database = TestDatabase.Sqlite();

    [Fact]
    public async Task Outside_Development_the_session_cookie_is_a_Secure_host_only_cookie_for_the_whole_site()
    {
        await using var factory = Server();
        var user = await TestUsers.CreateAsync(factory);
        using var browser = Browser(factory);

        var signedIn = await browser.SignInAsync(await browser.GoAsync("/account/login"), user.Email, user.Password);

        Assert.Equal(HttpStatusCode.Redirect, signedIn.Status);
        AssertHostCookie(signedIn.SetCookies, "__Host-aict.session");
        Assert.DoesNotContain(signedIn.SetCookies, cookie => cookie.StartsWith("aict.session=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Outside_Development_the_anti_forgery_cookie_is_a_host_cookie_and_HSTS_lasts_a_year_with_subdomains()
    {
        await using var factory = Server();
        using var browser = Browser(factory);

        var login = await browser.GoAsync("/account/login");

        Assert.Equal(HttpStatusCode.OK, login.Status);
        AssertHostCookie(login.SetCookies, "__Host-aict.antiforgery");
        Assert.Equal("max-age=31536000; includeSubDomains", string.Join(", ", login.Headers.GetValues("Strict-Transport-Security")));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private IdentityServerFactory Server() => new(_database,
        new Dictionary<string, string?>(IdentityServerFactory.ProductionSettings) { ["Server:Issuer"] = Issuer.AbsoluteUri }, "Production");

    private static Browser Browser(IdentityServerFactory factory) => new(factory.CreateClient(new WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false,
        HandleCookies = true,
        BaseAddress = Issuer,
    }));

    // A browser keeps a __Host- cookie only when it is Secure, has Path=/ and no Domain.
    private static void AssertHostCookie(IEnumerable<string> setCookies, string name)
    {
        var cookie = Assert.Single(setCookies, c => c.StartsWith(name + "=", StringComparison.Ordinal));
        var attributes = cookie.Split(';').Skip(1).Select(a => a.Trim().ToLowerInvariant()).ToList();
        Assert.Contains("secure", attributes);
        Assert.Contains("path=/", attributes);
        Assert.DoesNotContain(attributes, a => a.StartsWith("domain=", StringComparison.Ordinal));
    }
}
