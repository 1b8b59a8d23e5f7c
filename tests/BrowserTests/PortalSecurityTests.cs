using Aict.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Aict.BrowserTests;

/// <summary>
/// The portal's security pages: the overview and a page per factor, linked both ways; adding second factors there
/// (the authenticator app from the key on the page, the phone from the SMS), then signing in with them at the test
/// channel, whose ID token says how.
/// </summary>
[Collection(InBrowser.Name)]
public sealed class PortalSecurityTests(BrowserStack stack)
{
    [Fact]
    public async Task An_authenticator_app_added_on_its_page_brings_recovery_codes_shown_once_and_renewable_then_signs_in_with_otp()
    {
        var user = await TestUsers.CreateAsync(stack.Identity);
        await using var browser = await stack.OpenAsync();
        var portal = new PortalPages(browser.Page, stack.PortalUri);
        var security = new SecurityPage(browser.Page, portal, stack.Identity);
        await portal.SignInAsync(user);
        await portal.ById("nav-security").ClickAsync();
        await browser.ShootAtBothWidthsAsync("security");
        await security.OpenAsync("manage-totp");

        var key = await security.AddAuthenticatorAppAsync(browser.ShootAtBothWidthsAsync);

        await Expect(portal.StatusMessage).ToBeVisibleAsync();
        await Expect(security.RecoveryCodes).ToHaveCountAsync(10);
        await Expect(browser.Page.Locator("#totp-secret")).ToHaveCountAsync(0);
        await browser.AssertFitsPhoneWidthAsync();
        await browser.ShootAtBothWidthsAsync("recovery-codes");
        await security.BackToOverview.ClickAsync();
        await Expect(security.TotpStatus).ToContainTextAsync("On");
        await Expect(security.RecoveryCount).ToContainTextAsync("10");
        await Expect(security.RecoveryCodes).ToHaveCountAsync(0);
        await browser.ShootAtBothWidthsAsync("security-with-totp");
        await security.OpenAsync("manage-recovery-codes");
        await portal.ById("regenerate-codes").ClickAsync();
        await Expect(security.RecoveryCodes).ToHaveCountAsync(10);
        await browser.ShootAtBothWidthsAsync("recovery-codes-regenerated");

        await SignOutAsync(portal);
        var challenge = await SignInAtChannelAsync(browser, user);
        await challenge.SubmitCodeAsync(stack.Identity.Authenticator.NextCode(key));
        await Expect(browser.Page.Locator("#signed-in-user")).ToBeVisibleAsync();
        Assert.Equal(["pwd", "otp", "mfa"], (await stack.Channel.IdTokenOfAsync(browser.Context)).GetPayloadValue<string[]>("amr"));
    }

    [Fact]
    public async Task A_phone_added_with_the_code_twilio_delivered_in_korean_then_signs_in_with_an_sms_code()
    {
        var user = await TestUsers.CreateAsync(stack.Identity);
        await using var browser = await stack.OpenAsync(locale: "ko-KR");
        var portal = new PortalPages(browser.Page, stack.PortalUri);
        var security = new SecurityPage(browser.Page, portal, stack.Identity);
        await portal.SignInAsync(user);
        await security.GoToAsync();
        await security.OpenAsync("manage-phone");
        var number = SecurityPage.NewNumber();

        await security.AddPhoneAsync(number, stack.Twilio);

        await Expect(security.RecoveryCodes).ToHaveCountAsync(10);
        Assert.Contains("인증번호", stack.Twilio.Messages.Last(m => m.To == number).Body);
        await browser.ShootAtBothWidthsAsync("phone-added");
        await security.BackToOverview.ClickAsync();
        await Expect(security.PhoneStatus).ToContainTextAsync($"+82 •••• {number[^4..]}");

        await SignOutAsync(portal);
        var sentBefore = stack.Twilio.Messages.Count(m => m.To == number);
        var challenge = await SignInAtChannelAsync(browser, user);
        await browser.Page.Locator("#send-sms").ClickAsync();
        await Expect(challenge.Code).ToBeVisibleAsync();
        Assert.Equal(sentBefore + 1, stack.Twilio.Messages.Count(m => m.To == number));
        await challenge.SubmitCodeAsync(SecurityPage.LatestCodeTo(number, stack.Twilio));
        await Expect(browser.Page.Locator("#signed-in-user")).ToBeVisibleAsync();
        Assert.Equal(["pwd", "sms", "mfa"], (await stack.Channel.IdTokenOfAsync(browser.Context)).GetPayloadValue<string[]>("amr"));
    }

    [Fact]
    public async Task A_wrong_code_from_the_app_is_explained_and_the_app_is_not_added()
    {
        var user = await TestUsers.CreateAsync(stack.Identity);
        await using var browser = await stack.OpenAsync();
        var portal = new PortalPages(browser.Page, stack.PortalUri);
        await portal.SignInAsync(user);
        await portal.GoToAsync("/security/authenticator");
        await portal.ById("begin-totp").ClickAsync();
        await portal.ById("Totp_Code").FillAsync("12345x");
        await portal.ById("confirm-totp").ClickAsync();

        await Expect(portal.ById("totp-error")).ToBeVisibleAsync();
        await Expect(browser.Page.Locator("#totp-qr svg")).ToBeVisibleAsync();
        await browser.ShootAtBothWidthsAsync("wrong-code");
    }

    [Fact]
    public async Task The_overview_links_to_each_factor_page_and_each_page_links_back()
    {
        var user = await TestUsers.CreateAsync(stack.Identity);
        await using var browser = await stack.OpenAsync();
        var portal = new PortalPages(browser.Page, stack.PortalUri);
        var security = new SecurityPage(browser.Page, portal, stack.Identity);
        await portal.SignInAsync(user);
        await security.GoToAsync();

        foreach (var (link, path) in SecurityPage.FactorPages)
        {
            await security.OpenAsync(link);
            await Expect(portal.Heading).Not.ToBeEmptyAsync();
            await Expect(portal.ById("nav-security")).ToHaveAttributeAsync("aria-current", "true");

            await security.BackToOverview.ClickAsync();
            await browser.Page.WaitForAsync(_ => portal.IsAt("/security"));
            await Expect(portal.ById("nav-security")).ToHaveAttributeAsync("aria-current", "page");
        }
    }

    /// <summary>Signs out of the portal, which ends the IdentityServer session too.</summary>
    private static async Task SignOutAsync(PortalPages portal)
    {
        await portal.SignOutButton.ClickAsync();
        await Expect(portal.SignInAgain).ToBeVisibleAsync();
    }

    /// <summary>Opens the test channel and enters the password; IdentityServer then asks for the second factor.</summary>
    private async Task<MfaChallengePage> SignInAtChannelAsync(BrowserSession browser, DemoUser user)
    {
        await browser.Page.GotoAsync(stack.Channel.LaunchUri().AbsoluteUri);
        await new SignInPage(browser.Page).SubmitAsync(user);
        var challenge = new MfaChallengePage(browser.Page);
        await challenge.WaitAsync();
        return challenge;
    }
}
