using Aict.BrowserTests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using static Microsoft.Playwright.Assertions;

namespace Aict.BrowserTests;

/// <summary>
/// Passkeys in a real browser with Chromium's virtual authenticator: registered in the portal, then used at
/// IdentityServer as the second factor after the password, and alone without a password.
/// </summary>
[Collection(InBrowser.Name)]
public sealed class PasskeyTests(BrowserStack stack)
{
    [Fact]
    public async Task A_passkey_added_in_the_portal_signs_in_after_the_password_and_without_one()
    {
        var user = await TestUsers.CreateAsync(stack.Identity);
        await using var browser = await stack.OpenAsync();
        var authenticator = await VirtualAuthenticator.AttachAsync(browser);
        var page = browser.Page;
        var portal = new PortalPages(page, stack.PortalUri);
        await portal.SignInAsync(user);

        await AddPasskeyAsync(browser, portal, "Test laptop");
        Assert.Equal(1, await authenticator.CountCredentialsAsync());
        await portal.ById("back-to-security").ClickAsync();
        await Expect(portal.ById("passkey-count")).ToContainTextAsync("1");
        await browser.Context.ClearCookiesAsync();

        await page.GotoAsync(stack.Channel.LaunchUri().AbsoluteUri);
        await new SignInPage(page).SubmitAsync(user);
        // A passkey is this user's only factor: the challenge goes straight to it.
        await page.WaitForAsync(url => new Uri(url).AbsolutePath.Equals("/Account/Mfa/Passkey", StringComparison.OrdinalIgnoreCase));
        await Expect(page.Locator("#passkey-button")).ToBeVisibleAsync();
        await browser.ShootAtBothWidthsAsync("mfa-passkey");
        await page.Locator("#passkey-button").ClickAsync();
        await Expect(page.Locator("#signed-in-user")).ToBeVisibleAsync();
        var secondFactor = await stack.Channel.IdTokenOfAsync(browser.Context);
        Assert.Equal(["pwd", "hwk", "mfa"], Methods(secondFactor));
        Assert.Equal("urn:aict:loa:2", secondFactor.GetClaim("acr").Value);
        await browser.Context.ClearCookiesAsync();

        await page.GotoAsync(stack.Channel.LaunchUri().AbsoluteUri);
        await new SignInPage(page).WaitAsync();
        await browser.ShootAsync("sign-in-with-passkey-button");
        await page.Locator("#passkey-button").ClickAsync();
        await Expect(page.Locator("#signed-in-user")).ToBeVisibleAsync();
        await browser.ShootAsync("channel-signed-in-with-passkey");
        var passwordless = await stack.Channel.IdTokenOfAsync(browser.Context);
        Assert.Equal(["hwk", "mfa"], Methods(passwordless));
        Assert.Equal("urn:aict:loa:2", passwordless.GetClaim("acr").Value);
    }

    [Fact]
    public async Task A_passkey_removed_in_the_portal_is_refused_at_sign_in_and_no_session_starts()
    {
        var user = await TestUsers.CreateAsync(stack.Identity);
        await using var browser = await stack.OpenAsync();
        var authenticator = await VirtualAuthenticator.AttachAsync(browser);
        var page = browser.Page;
        var portal = new PortalPages(page, stack.PortalUri);
        await portal.SignInAsync(user);
        await AddPasskeyAsync(browser, portal, "Old phone");

        await page.Locator("#passkeys button.danger").ClickAsync();
        await Expect(portal.StatusMessage).ToHaveTextAsync("The passkey was removed.");
        await Expect(page.Locator("#no-passkeys")).ToBeVisibleAsync();
        await browser.ShootAsync("passkey-removed");
        await browser.Context.ClearCookiesAsync();

        // The browser still holds the passkey; IdentityServer no longer knows it.
        Assert.Equal(1, await authenticator.CountCredentialsAsync());
        await page.GotoAsync(stack.Channel.LaunchUri().AbsoluteUri);
        await new SignInPage(page).WaitAsync();
        await page.Locator("#passkey-button").ClickAsync();

        await Expect(page.Locator("#passkey-error")).ToHaveTextAsync("That passkey could not sign you in. Try again, or use another way.");
        await browser.ShootAtBothWidthsAsync("passkey-refused");
        Assert.Equal(stack.IdentityUri.Authority, new Uri(page.Url).Authority);
        await page.GotoAsync(stack.Channel.Origin.AbsoluteUri);
        await Expect(page.Locator("#signed-out")).ToBeVisibleAsync();
    }

    [Theory]
    [InlineData("en", "Passkeys")]
    [InlineData("ko", "패스키")]
    public async Task The_passkeys_page_fits_a_phone_screen(string language, string heading)
    {
        var user = await TestUsers.CreateAsync(stack.Identity);
        await using var browser = await stack.OpenAsync();
        var portal = new PortalPages(browser.Page, stack.PortalUri);
        await portal.SignInAsync(user, language);

        await portal.GoToAsync("/security/passkeys");

        await Expect(portal.Heading).ToHaveTextAsync(heading);
        await browser.AssertFitsPhoneWidthAsync();
        await browser.ShootAtBothWidthsAsync($"passkeys-{language}");
    }

    /// <summary>Opens the passkeys page from the security overview and adds a passkey there.</summary>
    private async Task AddPasskeyAsync(BrowserSession browser, PortalPages portal, string name)
    {
        var security = new SecurityPage(browser.Page, portal, stack.Identity);
        await security.GoToAsync();
        await security.OpenAsync("manage-passkeys");
        await browser.ShootAtBothWidthsAsync("passkeys-empty");
        await portal.ById("NewPasskey_Name").FillAsync(name);
        await portal.ById("add-passkey").ClickAsync();
        await Expect(portal.StatusMessage).ToHaveTextAsync("The passkey was added.");
        await Expect(browser.Page.Locator("#passkeys li h2")).ToHaveTextAsync(name);
        await browser.ShootAtBothWidthsAsync("passkey-added");
    }

    private static string[] Methods(JsonWebToken token) => [.. token.Claims.Where(c => c.Type == "amr").Select(c => c.Value)];
}
