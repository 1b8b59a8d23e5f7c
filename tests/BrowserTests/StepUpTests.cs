using Aict.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Aict.BrowserTests;

/// <summary>RFC 9470 step-up end to end: CommerceApi's challenge, the channel's return to IdentityServer, the order.</summary>
[Collection(InBrowser.Name)]
public sealed class StepUpTests(BrowserStack stack)
{
    [Fact]
    public async Task An_order_up_to_the_limit_goes_through_with_the_password_only_sign_in()
    {
        var user = await TestUsers.CreateAsync(stack.Identity);
        await using var browser = await stack.OpenAsync();
        var page = browser.Page;
        await stack.Channel.SignInAsync(page, user);
        var product = await stack.Commerce.SeedProductAsync(stack.Commerce.MfaLimitInWon, onHand: 5);
        var leftTheChannel = false;
        page.Request += (_, request) => leftTheChannel |= new Uri(request.Url).Authority != stack.Channel.Origin.Authority;

        await page.GotoAsync(stack.Channel.OrderUri(product, quantity: 1, idempotencyKey: Guid.NewGuid().ToString()).AbsoluteUri);

        await Expect(page.Locator("#order-total")).ToHaveTextAsync($"{stack.Commerce.MfaLimitInWon}");
        Assert.False(leftTheChannel, "An order within the limit sent the user to IdentityServer.");
        await browser.ShootAsync("order-placed");
    }
}
