using Aict.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Aict.BrowserTests;

/// <summary>Every portal page in English and Korean, at desktop and phone width, with a screenshot of each.</summary>
[Collection(InBrowser.Name)]
public sealed class PortalLookTests(BrowserStack stack)
{
    private static readonly string[] PagePaths =
    [
        "/", "/profile", "/security", "/security/authenticator", "/security/text-message", "/security/passkeys", "/security/recovery-codes",
        "/sessions", "/apps", "/activity", "/admin/users/new", "/admin/roles", "/admin/audit",
        // Last: the test goes on from the users search.
        "/admin",
    ];

    [Theory]
    [InlineData("en", "en-US")]
    [InlineData("ko", "ko-KR")]
    public async Task Every_portal_page_speaks_the_browser_language_and_fits_a_phone_screen(string language, string browserLocale)
    {
        // The language comes from the browser's Accept-Language alone, through to IdentityServer's sign-in page.
        await using var browser = await stack.OpenAsync(locale: browserLocale);
        var page = browser.Page;
        var portal = new PortalPages(page, stack.PortalUri);
        await portal.GoHomeAsync();
        await new SignInPage(page).WaitAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
        await new SignInPage(page).SubmitAsync(DemoRealm.Admin);
        var challenge = new MfaChallengePage(page);
        await challenge.WaitAsync();
        await challenge.SubmitCodeAsync(stack.Identity.Authenticator.NextCode(DemoRealm.Admin.TotpSecret!));
        await Expect(portal.SignOutButton).ToBeVisibleAsync();

        foreach (var path in PagePaths)
        {
            await portal.GoToAsync(path);
            await AssertLooksRightAsync(browser, language, $"{language}{(path == "/" ? "-home" : path.Replace('/', '-'))}");
        }

        await portal.ById("admin-query").FillAsync("alice");
        await portal.ById("admin-search").ClickAsync();
        await page.Locator("#admin-users a").First.ClickAsync();
        await Expect(portal.ById("admin-user")).ToBeVisibleAsync();
        await AssertLooksRightAsync(browser, language, $"{language}-admin-user");
    }

    [Fact]
    public async Task The_language_switch_turns_the_portal_into_korean_and_back()
    {
        await using var browser = await stack.OpenAsync();
        var page = browser.Page;
        var portal = new PortalPages(page, stack.PortalUri);
        await portal.SignInAsync(DemoRealm.Alice);
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");

        await portal.ById("language-ko").ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ko");
        await Expect(portal.Heading).ToHaveTextAsync("Alice Kim님, 환영합니다");
        await browser.ShootAsync("switched-to-korean");

        // The choice is remembered on the next page, which carries no ui_locales.
        await portal.GoToAsync("/profile");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ko");
        await portal.ById("language-en").ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await browser.ShootAsync("switched-back-to-english");
    }

    private static async Task AssertLooksRightAsync(BrowserSession browser, string language, string name)
    {
        await Expect(browser.Page.Locator("html")).ToHaveAttributeAsync("lang", language);
        await Expect(browser.Page.Locator("main h1")).Not.ToBeEmptyAsync();
        await browser.AssertFitsPhoneWidthAsync();
        await browser.ShootAtBothWidthsAsync(name);
    }
}
