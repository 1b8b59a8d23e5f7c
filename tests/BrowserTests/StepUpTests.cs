using Aict.BrowserTests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using static Microsoft.Playwright.Assertions;

namespace Aict.BrowserTests;

/// <summary>RFC 9470 step-up end to end: CommerceApi's challenge, the channel's return to IdentityServer, the order.</summary>
[Collection(InBrowser.Name)]
public sealed class StepUpTests(BrowserStack stack)
{
    /// <remarks>
    /// A user with TOTP is challenged at every sign-in, so a password-only session of such a user arises when the
    /// authenticator is enrolled after signing in (in the portal, or here through the enrolment service it uses): the
    /// shortest path. IdentityServer then steps that session up with the authenticator alone.
    /// </remarks>
    [Fact]
    public async Task A_large_order_refused_for_a_password_only_sign_in_succeeds_after_a_totp_step_up_without_a_password_prompt()
    {
        var user = await TestUsers.CreateAsync(stack.Identity);
        await using var browser = await stack.OpenAsync();
        var page = browser.Page;
        await stack.Channel.SignInAsync(page, user);
        Assert.Equal("urn:aict:loa:1", AcrOf(await stack.Channel.AccessTokenOfAsync(browser.Context)));
        var enrolled = await TotpEnrolments.EnrolAsync(stack.Identity, user);
        var product = await stack.Commerce.SeedProductAsync(stack.Commerce.MfaLimitInWon, onHand: 5);
        var authorizeRequests = new List<Uri>();
        page.Request += (_, request) =>
        {
            if (new Uri(request.Url) is { AbsolutePath: "/connect/authorize" } url)
            {
                authorizeRequests.Add(url);
            }
        };
        var prompted = false;
        page.Request += (_, request) => prompted |= SignInPage.IsAt(request.Url);

        await page.GotoAsync(stack.Channel.OrderUri(product, quantity: 2, idempotencyKey: Guid.NewGuid().ToString()).AbsoluteUri);
        var challenge = new MfaChallengePage(page);
        await challenge.WaitAsync();
        await browser.ShootAtBothWidthsAsync("step-up-challenge");
        await challenge.SubmitCodeAsync(stack.Identity.Authenticator.NextCode(enrolled.TotpSecret!));

        await Expect(page.Locator("#order-total")).ToHaveTextAsync($"{stack.Commerce.MfaLimitInWon * 2}");
        await browser.ShootAsync("order-placed");
        // The channel's request, and IdentityServer's return to it once the challenge is answered.
        Assert.NotEmpty(authorizeRequests);
        Assert.All(authorizeRequests, url => Assert.Contains("acr_values=urn%3Aaict%3Aloa%3A2", url.Query, StringComparison.Ordinal));
        Assert.False(prompted, "The step-up asked for the password again.");
        var token = new JsonWebToken(await stack.Channel.AccessTokenOfAsync(browser.Context));
        Assert.Equal("urn:aict:loa:2", token.GetPayloadValue<string>("acr"));
        Assert.Equal(["mfa", "otp", "pwd"], token.GetPayloadValue<string[]>("amr").Order());
    }

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

    private static string AcrOf(string accessToken) => new JsonWebToken(accessToken).GetPayloadValue<string>("acr");
}
