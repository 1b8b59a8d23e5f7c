using Aict.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Aict.BrowserTests;

/// <summary>The second sign-in step in a real browser: codes computed in the test as an authenticator app would.</summary>
[Collection(InBrowser.Name)]
public sealed class MfaSignInTests(BrowserStack stack)
{
    [Fact]
    public async Task Bob_signs_in_with_the_demo_authenticator_and_the_id_token_says_otp_and_mfa()
    {
        await using var browser = await stack.OpenAsync();
        var page = browser.Page;
        await page.GotoAsync(stack.Channel.LaunchUri().AbsoluteUri);
        await new SignInPage(page).SubmitAsync(DemoRealm.Bob);

        var challenge = new MfaChallengePage(page);
        await challenge.WaitAsync();
        await browser.ShootAtBothWidthsAsync("totp-challenge");
        await challenge.SubmitCodeAsync(stack.Identity.Authenticator.NextCode(DemoRealm.Bob.TotpSecret!));

        await Expect(page.Locator("#signed-in-user")).ToBeVisibleAsync();
        var id = await stack.Channel.IdTokenOfAsync(browser.Context);
        Assert.Equal(["pwd", "otp", "mfa"], id.GetPayloadValue<string[]>("amr"));
        Assert.Equal("urn:aict:loa:2", id.GetClaim("acr").Value);
    }

    [Fact]
    public async Task A_recovery_code_signs_in_once_and_its_second_use_is_refused()
    {
        var user = await MfaUsers.WithTotpAsync(stack.Identity);
        var codes = await MfaUsers.RecoveryCodesAsync(stack.Identity, user);

        await using (var first = await stack.OpenAsync())
        {
            await SignInWithRecoveryCodeAsync(first, user, codes[0]);
            await Expect(first.Page.Locator("#signed-in-user")).ToBeVisibleAsync();
            Assert.Equal(["pwd", "otp", "mfa"], (await stack.Channel.IdTokenOfAsync(first.Context)).GetPayloadValue<string[]>("amr"));
        }

        await using var second = await stack.OpenAsync();
        await SignInWithRecoveryCodeAsync(second, user, codes[0]);
        var challenge = new MfaChallengePage(second.Page);
        await Expect(challenge.Error).ToHaveTextAsync("The code is wrong or has expired.");
        Assert.True(MfaChallengePage.IsAt(second.Page.Url));
        await second.ShootAsync("recovery-code-reused");
    }

    [Fact]
    public async Task A_wrong_authenticator_code_is_refused_and_the_right_one_then_signs_in()
    {
        var user = await MfaUsers.WithTotpAsync(stack.Identity);
        await using var browser = await stack.OpenAsync(locale: "ko-KR");
        var page = browser.Page;
        await page.GotoAsync(stack.Channel.LaunchUri(uiLocales: "ko").AbsoluteUri);
        await new SignInPage(page).SubmitAsync(user);
        var challenge = new MfaChallengePage(page);
        await challenge.WaitAsync();

        var code = stack.Identity.Authenticator.NextCode(user.TotpSecret!);
        await challenge.SubmitCodeAsync(code == "123456" ? "654321" : "123456");
        await Expect(challenge.Error).ToHaveTextAsync("코드가 올바르지 않거나 만료되었습니다.");
        await Expect(challenge.Code).ToHaveValueAsync("");
        await browser.ShootAtBothWidthsAsync("totp-wrong-code-ko");
        await browser.AssertFitsPhoneWidthAsync();

        await challenge.SubmitCodeAsync(code);
        await Expect(page.Locator("#signed-in-user")).ToBeVisibleAsync();
    }

    private async Task SignInWithRecoveryCodeAsync(BrowserSession browser, DemoUser user, string code)
    {
        await browser.Page.GotoAsync(stack.Channel.LaunchUri().AbsoluteUri);
        await new SignInPage(browser.Page).SubmitAsync(user);
        var challenge = new MfaChallengePage(browser.Page);
        await challenge.WaitAsync();
        await challenge.UseAsync("recovery");
        await challenge.SubmitCodeAsync(code);
    }
}
