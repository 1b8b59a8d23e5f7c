using System.Text.RegularExpressions;
using Aict.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Aict.BrowserTests;

/// <summary>A person creates their own account in Chromium, confirms the address from the Development outbox, and uses the portal.</summary>
[Collection(InBrowser.Name)]
public sealed partial class SignUpTests(BrowserStack stack)
{
    private const string Password = "Signup#2026browser";

    [Fact]
    public async Task A_person_signs_up_opens_the_link_from_the_outbox_and_signs_in_to_the_portal()
    {
        await using var browser = await stack.OpenAsync();
        var page = browser.Page;
        var email = $"signup-{Guid.NewGuid():N}@example.com";
        var portal = new PortalPages(page, stack.PortalUri);
        await portal.GoHomeAsync();
        await new SignInPage(page).WaitAsync();
        await page.Locator("#sign-up").ClickAsync();

        await page.Locator("#Input_Email").FillAsync(email);
        await page.Locator("#Input_GivenName").FillAsync("Minji");
        await page.Locator("#Input_FamilyName").FillAsync("Seo");
        await page.Locator("#Input_Password").FillAsync(Password);
        await page.Locator("#Input_ConfirmPassword").FillAsync(Password);
        await browser.ShootAtBothWidthsAsync("sign-up");
        await browser.AssertFitsPhoneWidthAsync();
        await page.Locator("#create-account").ClickAsync();
        await Expect(page.Locator("#sign-up-sent")).ToBeVisibleAsync();
        await browser.ShootAsync("check-your-e-mail");

        var link = await LinkFromOutboxAsync(page, email);
        await page.GotoAsync(link);
        await browser.ShootAtBothWidthsAsync("confirm-address");
        await page.Locator("#verify-email").ClickAsync();
        await Expect(page.Locator("#email-verified")).ToBeVisibleAsync();
        await browser.ShootAsync("address-confirmed");

        await portal.SignInAsync(new DemoUser(email, Password));
        await Expect(portal.Heading).ToContainTextAsync("Minji Seo");
        await browser.ShootAsync("portal");
    }

    [Fact]
    public async Task Signing_in_before_confirming_shows_the_confirm_screen_with_a_button_for_a_new_link()
    {
        await using var browser = await stack.OpenAsync();
        var page = browser.Page;
        var email = $"signup-{Guid.NewGuid():N}@example.com";
        await page.GotoAsync(new Uri(stack.IdentityUri, "/account/sign-up").AbsoluteUri);
        await page.Locator("#Input_Email").FillAsync(email);
        await page.Locator("#Input_GivenName").FillAsync("Minji");
        await page.Locator("#Input_Password").FillAsync(Password);
        await page.Locator("#Input_ConfirmPassword").FillAsync(Password);
        await page.Locator("#create-account").ClickAsync();
        await Expect(page.Locator("#sign-up-sent")).ToBeVisibleAsync();

        var portal = new PortalPages(page, stack.PortalUri);
        await portal.GoHomeAsync();
        await new SignInPage(page).SubmitAsync(email, Password);

        await Expect(page.Locator("#verify-email-needed")).ToContainTextAsync(email);
        await browser.ShootAtBothWidthsAsync("confirm-first");
        await browser.AssertFitsPhoneWidthAsync();
        await page.Locator("#resend-verification").ClickAsync();
        await Expect(page.Locator("#verification-link-sent")).ToBeVisibleAsync();
    }

    // The mailer works in the background: the outbox page is reloaded until the message is there.
    private async Task<string> LinkFromOutboxAsync(IPage page, string email)
    {
        var message = page.Locator(".outbox-message", new PageLocatorOptions { Has = page.Locator($".to:text-is('{email}')") });
        for (var attempt = 0; attempt < 100 && await message.CountAsync() == 0; attempt++)
        {
            await Task.Delay(attempt == 0 ? 0 : 300);
            await page.GotoAsync(new Uri(stack.IdentityUri, "/dev/outbox").AbsoluteUri);
        }

        return VerificationLink().Match(await message.First.Locator(".body").InnerTextAsync()).Value;
    }

    [GeneratedRegex(@"https?://\S+/account/verify-email\?\S+")]
    private static partial Regex VerificationLink();
}
