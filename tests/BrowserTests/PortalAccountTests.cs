using System.Net;
using Aict.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Aict.BrowserTests;

/// <summary>
/// Looking after one's account in the portal, each with a second device signed in at the test channel
/// whose access token CommerceApi stops accepting.
/// </summary>
[Collection(InBrowser.Name)]
public sealed class PortalAccountTests(BrowserStack stack)
{
    [Fact]
    public async Task Ending_another_session_on_the_sessions_page_gets_its_access_token_refused()
    {
        var user = await TestUsers.CreateAsync(stack.Identity);
        await using var phone = await stack.OpenAsync();
        await using var laptop = await phone.OpenAnotherAsync("laptop");
        await stack.Channel.SignInAsync(laptop.Page, user);
        var laptopSession = await stack.Channel.SessionIdOfAsync(laptop.Context);
        var laptopToken = await stack.Channel.AccessTokenOfAsync(laptop.Context);
        Assert.Equal(HttpStatusCode.OK, await stack.OrdersStatusAsync(laptopToken));

        var portal = new PortalPages(phone.Page, stack.PortalUri);
        await portal.SignInAsync(user);
        await portal.GoToAsync("/sessions");
        await Expect(portal.Session(laptopSession)).ToHaveAttributeAsync("data-current", "false");
        await Expect(phone.Page.Locator("#sessions li[data-current='true']")).ToHaveCountAsync(1);
        await phone.ShootAtBothWidthsAsync("sessions");
        await portal.ById($"end-session-{laptopSession}").ClickAsync();

        await Expect(portal.StatusMessage).ToBeVisibleAsync();
        await Expect(portal.Session(laptopSession)).ToHaveCountAsync(0);
        await phone.ShootAsync("session-ended");
        await stack.AssertRefusedByCommerceApiAsync(laptopToken);
    }

    [Fact]
    public async Task Changing_the_password_on_the_profile_page_ends_the_other_sessions()
    {
        var user = await TestUsers.CreateAsync(stack.Identity);
        await using var phone = await stack.OpenAsync();
        await using var laptop = await phone.OpenAnotherAsync("laptop");
        await stack.Channel.SignInAsync(laptop.Page, user);
        var laptopToken = await stack.Channel.AccessTokenOfAsync(laptop.Context);

        var portal = new PortalPages(phone.Page, stack.PortalUri);
        await portal.SignInAsync(user);
        await portal.GoToAsync("/profile");
        await phone.ShootAtBothWidthsAsync("profile");
        var newPassword = user.Password + "-new";
        await portal.ById("Password_CurrentPassword").FillAsync(user.Password);
        await portal.ById("Password_NewPassword").FillAsync(newPassword);
        await portal.ById("Password_ConfirmPassword").FillAsync(newPassword);
        await portal.ById("change-password").ClickAsync();

        await Expect(portal.StatusMessage).ToBeVisibleAsync();
        await phone.ShootAsync("password-changed");
        await stack.AssertRefusedByCommerceApiAsync(laptopToken);
        await portal.GoToAsync("/sessions");
        await Expect(phone.Page.Locator("#sessions li")).ToHaveCountAsync(1);
        await Expect(phone.Page.Locator("#sessions li[data-current='true']")).ToHaveCountAsync(1);
        await phone.ShootAsync("only-this-session-left");
    }

    [Fact]
    public async Task Revoking_a_connected_app_gets_its_access_token_refused_and_signs_it_out()
    {
        var user = await TestUsers.CreateAsync(stack.Identity);
        await using var browser = await stack.OpenAsync();
        await stack.Channel.SignInAsync(browser.Page, user);
        var channelToken = await stack.Channel.AccessTokenOfAsync(browser.Context);
        var channelSession = await stack.Channel.SessionIdOfAsync(browser.Context);
        Assert.Equal(HttpStatusCode.OK, await stack.OrdersStatusAsync(channelToken));

        var portal = new PortalPages(browser.Page, stack.PortalUri);
        await portal.EnterSignedInAsync();
        await portal.GoToAsync("/apps");
        await Expect(portal.ById($"connected-app-{stack.Channel.ClientId}")).ToBeVisibleAsync();
        await browser.ShootAtBothWidthsAsync("connected-apps");
        await portal.ById($"revoke-{stack.Channel.ClientId}").ClickAsync();

        await Expect(portal.StatusMessage).ToBeVisibleAsync();
        await Expect(portal.ById($"connected-app-{stack.Channel.ClientId}")).ToHaveCountAsync(0);
        await browser.ShootAsync("app-revoked");
        await stack.AssertRefusedByCommerceApiAsync(channelToken);
        // The app is told to end its session with the user (back-channel logout), not only left with dead tokens.
        await stack.Channel.WaitForLogoutNoticeAsync(channelSession);
    }
}
