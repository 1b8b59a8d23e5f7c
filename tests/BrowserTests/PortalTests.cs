using Aict.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Aict.BrowserTests;

/// <summary>The SSO portal in a real browser: sign-in, the launcher's SSO, and single logout.</summary>
[Collection(InBrowser.Name)]
public sealed class PortalTests(BrowserStack stack)
{
    [Theory]
    [InlineData("en", "Welcome, Alice Kim")]
    [InlineData("ko", "Alice Kim님, 환영합니다")]
    public async Task A_user_signs_in_through_the_portal_and_sees_her_apps(string language, string greeting)
    {
        await using var browser = await stack.OpenAsync();
        var portal = new PortalPages(browser.Page, stack.PortalUri);

        await portal.GoHomeAsync(language);
        var signIn = new SignInPage(browser.Page);
        await signIn.WaitAsync();
        await Expect(browser.Page.Locator("html")).ToHaveAttributeAsync("lang", language);
        await browser.ShootAtBothWidthsAsync($"sign-in-{language}");
        await signIn.SubmitAsync(DemoRealm.Alice);

        await Expect(portal.Heading).ToHaveTextAsync(greeting);
        await Expect(portal.LaunchTile(stack.Channel.ClientId)).ToBeVisibleAsync();
        await Expect(browser.Page.Locator("html")).ToHaveAttributeAsync("lang", language);
        await browser.AssertFitsPhoneWidthAsync();
        await browser.ShootAtBothWidthsAsync($"launcher-{language}");
    }

    [Fact]
    public async Task An_app_opened_from_the_launcher_signs_in_without_a_password_prompt()
    {
        await using var browser = await stack.OpenAsync();
        var page = browser.Page;
        var portal = new PortalPages(page, stack.PortalUri);
        await portal.SignInAsync(DemoRealm.Alice);
        await browser.ShootAsync("launcher");
        var prompted = false;
        page.Request += (_, request) => prompted |= SignInPage.IsAt(request.Url);

        await portal.LaunchTile(stack.Channel.ClientId).ClickAsync();

        await Expect(page.Locator("#signed-in-user")).ToHaveTextAsync("Alice Kim");
        Assert.False(prompted, "Opening the app from the launcher showed the sign-in page.");
        await browser.ShootAsync("channel-signed-in");
    }

    [Fact]
    public async Task Signing_out_at_the_portal_signs_the_user_out_of_identity_server_and_notifies_the_channel()
    {
        var user = await TestUsers.CreateAsync(stack.Identity);
        await using var browser = await stack.OpenAsync();
        var page = browser.Page;
        var portal = new PortalPages(page, stack.PortalUri);
        await portal.SignInAsync(user);
        await portal.LaunchTile(stack.Channel.ClientId).ClickAsync();
        await Expect(page.Locator("#signed-in-user")).ToBeVisibleAsync();
        var sessionId = await stack.Channel.SessionIdOfAsync(browser.Context);

        await portal.GoHomeAsync();
        await portal.SignOutButton.ClickAsync();

        await page.WaitForAsync(url => portal.IsAt("/signed-out"));
        await Expect(portal.SignInAgain).ToBeVisibleAsync();
        await browser.AssertFitsPhoneWidthAsync();
        await browser.ShootAtBothWidthsAsync("signed-out");
        var notice = await stack.Channel.WaitForLogoutNoticeAsync(sessionId);
        Assert.Equal(await TestUsers.IdOfAsync(stack.Identity, user), notice.Subject);

        // IdentityServer's session is over too: the next launch asks for the password again.
        await page.GotoAsync(stack.Channel.LaunchUri().AbsoluteUri);
        await new SignInPage(page).WaitAsync();
        await browser.ShootAsync("sign-in-again");
    }
}
