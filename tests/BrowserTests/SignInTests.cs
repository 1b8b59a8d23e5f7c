using Aict.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Aict.BrowserTests;

/// <summary>Signing in to a relying party through IdentityServer's hosted pages, in a real browser.</summary>
[Collection(InBrowser.Name)]
public sealed class SignInTests(BrowserStack stack)
{
    [Fact]
    public async Task A_user_signs_in_at_the_test_channel_and_sees_her_name()
    {
        await using var browser = await stack.OpenAsync();
        var page = browser.Page;

        await page.GotoAsync(stack.Channel.LaunchUri().AbsoluteUri);
        var signIn = new SignInPage(page);
        await signIn.WaitAsync();
        Assert.Equal(stack.IdentityUri.Authority, new Uri(page.Url).Authority);
        await browser.ShootAtBothWidthsAsync("sign-in");
        await signIn.SubmitAsync(DemoRealm.Alice);

        await Expect(page.Locator("#signed-in-user")).ToHaveTextAsync("Alice Kim");
        Assert.Equal(stack.Channel.Origin, new Uri(new Uri(page.Url), "/"));
        await browser.ShootAsync("channel-signed-in");
    }

    [Fact]
    public async Task A_second_launch_of_the_channel_completes_without_a_password_prompt()
    {
        await using var browser = await stack.OpenAsync();
        var page = browser.Page;
        await page.GotoAsync(stack.Channel.LaunchUri().AbsoluteUri);
        await browser.ShootAsync("sign-in");
        await new SignInPage(page).SubmitAsync(DemoRealm.Alice);
        await Expect(page.Locator("#signed-in-user")).ToHaveTextAsync("Alice Kim");
        await browser.ShootAsync("channel-signed-in");

        // The channel forgets its own session; IdentityServer's session cookie stays.
        await browser.Context.ClearCookiesAsync(new BrowserContextClearCookiesOptions { Name = TestChannel.CookieName });
        await page.GotoAsync(stack.Channel.Origin.AbsoluteUri);
        await Expect(page.Locator("#signed-out")).ToBeVisibleAsync();
        await browser.ShootAsync("channel-signed-out");
        var prompted = false;
        page.Request += (_, request) => prompted |= SignInPage.IsAt(request.Url);
        await page.GotoAsync(stack.Channel.LaunchUri().AbsoluteUri);

        await Expect(page.Locator("#signed-in-user")).ToHaveTextAsync("Alice Kim");
        Assert.False(prompted, "The second launch showed the sign-in page.");
        await browser.ShootAsync("channel-signed-in-again");
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_e_mail_show_the_same_generic_error()
    {
        await using var browser = await stack.OpenAsync();
        var page = browser.Page;
        await page.GotoAsync(stack.Channel.LaunchUri().AbsoluteUri);
        var signIn = new SignInPage(page);

        await signIn.SubmitAsync(DemoRealm.Carol.Email, "not-" + DemoRealm.Carol.Password);
        await Expect(signIn.Error).ToHaveTextAsync("The e-mail or password is incorrect, or there were too many attempts. Try again later, or reset your password.");
        await Expect(page.Locator("#Input_Password")).ToHaveValueAsync("");
        await browser.ShootAtBothWidthsAsync("wrong-password");

        await signIn.SubmitAsync("nobody@example.com", DemoRealm.Carol.Password);
        await Expect(signIn.Error).ToHaveTextAsync("The e-mail or password is incorrect, or there were too many attempts. Try again later, or reset your password.");
        await browser.ShootAsync("unknown-e-mail");
    }

    [Theory]
    [InlineData("en", "Sign in")]
    [InlineData("ko", "로그인")]
    public async Task The_sign_in_page_fits_a_phone_screen(string language, string heading)
    {
        await using var browser = await stack.OpenAsync();
        var page = browser.Page;
        await page.SetViewportSizeAsync(Screenshots.Phone.Width, Screenshots.Phone.Height);

        await page.GotoAsync(stack.Channel.LaunchUri(uiLocales: language).AbsoluteUri);
        var signIn = new SignInPage(page);
        await signIn.WaitAsync();

        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
        await Expect(signIn.Heading).ToHaveTextAsync(heading);
        await browser.AssertFitsPhoneWidthAsync();
        await browser.ShootAsync($"sign-in-{language}-phone");
    }
}
