using System.Net;
using Aict.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Aict.BrowserTests;

/// <summary>An administrator looking after another user from the portal's administration page.</summary>
[Collection(InBrowser.Name)]
public sealed class PortalAdminTests(BrowserStack stack)
{
    [Fact]
    public async Task An_administrator_signs_a_user_out_everywhere_and_the_users_token_is_refused()
    {
        var user = await TestUsers.CreateAsync(stack.Identity);
        await using var admin = await stack.OpenAsync();
        await using var users = await admin.OpenAnotherAsync("user");
        await stack.Channel.SignInAsync(users.Page, user);
        var usersToken = await stack.Channel.AccessTokenOfAsync(users.Context);
        Assert.Equal(HttpStatusCode.OK, await stack.OrdersStatusAsync(usersToken));

        var portal = await OpenUserAsync(admin, user);
        await admin.ShootAtBothWidthsAsync("admin-user");
        await portal.ById("sign-out-user-everywhere").ClickAsync();

        await Expect(portal.StatusMessage).ToBeVisibleAsync();
        await admin.ShootAsync("signed-out-everywhere");
        await stack.AssertRefusedByCommerceApiAsync(usersToken);
    }

    [Fact]
    public async Task A_user_locked_by_an_administrator_cannot_sign_in_until_unlocked()
    {
        var user = await TestUsers.CreateAsync(stack.Identity);
        await using var admin = await stack.OpenAsync();
        await using var users = await admin.OpenAnotherAsync("user");
        var portal = await OpenUserAsync(admin, user);
        await portal.ById("lock-user").ClickAsync();
        await Expect(portal.ById("unlock-user")).ToBeVisibleAsync();
        await admin.ShootAsync("locked");

        await users.Page.GotoAsync(stack.Channel.LaunchUri().AbsoluteUri);
        var signIn = new SignInPage(users.Page);
        await signIn.SubmitAsync(user);
        await Expect(signIn.Error).ToBeVisibleAsync();
        await users.ShootAsync("sign-in-refused");

        await portal.ById("unlock-user").ClickAsync();
        await Expect(portal.ById("lock-user")).ToBeVisibleAsync();
        await signIn.SubmitAsync(user);
        await Expect(users.Page.Locator("#signed-in-user")).ToBeVisibleAsync();
    }

    // The admin signs in at the portal (with the demo admin's authenticator: administration needs MFA),
    // finds the user by e-mail and opens their entry.
    private async Task<PortalPages> OpenUserAsync(BrowserSession admin, DemoUser user)
    {
        var portal = new PortalPages(admin.Page, stack.PortalUri);
        await portal.SignInAsync(DemoRealm.Admin, authenticator: stack.Identity.Authenticator);
        await portal.GoToAsync("/admin");
        await portal.ById("admin-query").FillAsync(user.Email);
        await portal.ById("admin-search").ClickAsync();
        await admin.Page.Locator("#admin-users a").First.ClickAsync();
        await Expect(portal.ById("admin-user")).ToContainTextAsync(user.Email);
        return portal;
    }
}
