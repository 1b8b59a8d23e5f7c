using Aict.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Aict.BrowserTests;

/// <summary>Adding second factors on the portal's security page: the authenticator app from the key on the page, the phone from the SMS.</summary>
[Collection(InBrowser.Name)]
public sealed class PortalSecurityTests(BrowserStack stack)
{
    [Fact]
    public async Task An_authenticator_app_is_added_from_the_key_on_the_page_and_the_recovery_codes_show_once()
    {
        var user = await TestUsers.CreateAsync(stack.Identity);
        await using var browser = await stack.OpenAsync();
        var portal = new PortalPages(browser.Page, stack.PortalUri);
        var security = new SecurityPage(browser.Page, portal, stack.Identity);
        await portal.SignInAsync(user);
        await portal.ById("nav-security").ClickAsync();
        await browser.ShootAtBothWidthsAsync("security");

        await security.AddAuthenticatorAppAsync(browser.ShootAtBothWidthsAsync);

        await Expect(portal.StatusMessage).ToBeVisibleAsync();
        await Expect(security.RecoveryCodes).ToHaveCountAsync(10);
        await Expect(browser.Page.Locator("#totp-secret")).ToHaveCountAsync(0);
        await browser.AssertFitsPhoneWidthAsync();
        await browser.ShootAtBothWidthsAsync("recovery-codes");
        await security.GoToAsync();
        await Expect(security.RecoveryCodes).ToHaveCountAsync(0);
        await Expect(security.TotpStatus).ToContainTextAsync("On");
        await Expect(portal.ById("recovery-count")).ToContainTextAsync("10");
    }

    [Fact]
    public async Task A_phone_is_added_with_the_code_twilio_delivered_in_korean()
    {
        var user = await TestUsers.CreateAsync(stack.Identity);
        await using var browser = await stack.OpenAsync(locale: "ko-KR");
        var portal = new PortalPages(browser.Page, stack.PortalUri);
        var security = new SecurityPage(browser.Page, portal, stack.Identity);
        await portal.SignInAsync(user);
        await security.GoToAsync();
        var number = SecurityPage.NewNumber();

        await security.AddPhoneAsync(number, stack.Twilio);

        await Expect(security.RecoveryCodes).ToHaveCountAsync(10);
        Assert.Contains("인증번호", stack.Twilio.Messages.Last(m => m.To == number).Body);
        await browser.ShootAtBothWidthsAsync("phone-added");
        await security.GoToAsync();
        await Expect(security.PhoneStatus).ToContainTextAsync($"+82 •••• {number[^4..]}");
    }

    [Fact]
    public async Task A_wrong_code_from_the_app_is_explained_and_the_app_is_not_added()
    {
        var user = await TestUsers.CreateAsync(stack.Identity);
        await using var browser = await stack.OpenAsync();
        var portal = new PortalPages(browser.Page, stack.PortalUri);
        await portal.SignInAsync(user);
        await portal.GoToAsync("/security");
        await portal.ById("begin-totp").ClickAsync();
        await portal.ById("Totp_Code").FillAsync("12345x");
        await portal.ById("confirm-totp").ClickAsync();

        await Expect(portal.ById("totp-error")).ToBeVisibleAsync();
        await Expect(browser.Page.Locator("#totp-qr svg")).ToBeVisibleAsync();
        await browser.ShootAtBothWidthsAsync("wrong-code");
    }
}
