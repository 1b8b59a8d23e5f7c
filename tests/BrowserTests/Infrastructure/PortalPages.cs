namespace Aict.BrowserTests.Infrastructure;

/// <summary>The SSO portal's pages, found by the ids documented at the top of each .cshtml.</summary>
public sealed class PortalPages(IPage page, Uri portal)
{
    public ILocator Heading => page.Locator("main h1");

    public ILocator SignOutButton => page.Locator("#sign-out");

    /// <summary>A launcher tile: opens that app's third-party-initiated login.</summary>
    public ILocator LaunchTile(string clientId) => page.Locator($"#app-{clientId}");

    public ILocator SignInAgain => page.Locator("#sign-in-again");

    /// <summary>The post/redirect/get confirmation every portal action ends with.</summary>
    public ILocator StatusMessage => page.Locator("#status-message");

    /// <summary>An element by id; ids may hold characters a CSS <c>#id</c> selector would need escaped (session ids are base64url).</summary>
    public ILocator ById(string id) => page.Locator($"[id='{id}']");

    /// <summary>A session's entry on the sessions page.</summary>
    public ILocator Session(string sessionId) => ById($"session-{sessionId}");

    public async Task GoToAsync(string path) => await page.GotoAsync(new Uri(portal, path).AbsoluteUri);

    public async Task GoHomeAsync(string? language = null) =>
        await page.GotoAsync(new Uri(portal, language is null ? "/" : $"/?ui_locales={language}").AbsoluteUri);

    /// <summary>
    /// Opens the portal and signs in at IdentityServer's page it sends the browser to, with a code from
    /// <paramref name="authenticator"/> when the user has an authenticator app.
    /// </summary>
    public async Task SignInAsync(DemoUser user, string? language = null, AuthenticatorApp? authenticator = null)
    {
        await GoHomeAsync(language);
        var signIn = new SignInPage(page);
        await signIn.WaitAsync();
        await signIn.SubmitAsync(user);
        if (user.TotpSecret is { } secret && authenticator is not null)
        {
            var challenge = new MfaChallengePage(page);
            await challenge.WaitAsync();
            await challenge.SubmitCodeAsync(authenticator.NextCode(secret));
        }

        try
        {
            await page.WaitForAsync(url => new Uri(url).Authority == portal.Authority);
        }
        catch (TimeoutException timeout)
        {
            // Say where the browser was left, so that a failure in CI can be understood without a rerun.
            var text = await page.Locator("body").InnerTextAsync(new LocatorInnerTextOptions { Timeout = 1000 });
            throw new TimeoutException($"The sign-in did not come back to the portal; the browser is at {page.Url}, showing: {text}", timeout);
        }
    }

    /// <summary>Opens the portal in a browser already signed in at IdentityServer: the sign-in completes without a prompt.</summary>
    public async Task EnterSignedInAsync()
    {
        await GoHomeAsync();
        await page.WaitForAsync(url => new Uri(url).Authority == portal.Authority && !new Uri(url).AbsolutePath.StartsWith("/signin", StringComparison.Ordinal));
        await Assertions.Expect(SignOutButton).ToBeVisibleAsync();
    }

    public bool IsAt(string path) => new Uri(page.Url) is var url && url.Authority == portal.Authority && url.AbsolutePath == path;
}
