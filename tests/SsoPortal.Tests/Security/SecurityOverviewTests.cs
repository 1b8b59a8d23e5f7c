using System.Net;
using System.Text.Json;
using Aict.IdentityServer.SignIn.Mfa;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Aict.SsoPortal.Tests.Security;

/// <summary>
/// The security overview against a real IdentityServer: each factor's state with a link to its page and back, the
/// rules every factor page keeps (anti-forgery, a fresh sign-in when a change needs one, the last factor kept).
/// </summary>
[Collection(SecurityServers.Name)]
public sealed class SecurityOverviewTests(SecurityServers servers) : SecurityPageTest(servers)
{
    [Fact]
    public async Task The_overview_is_in_the_navigation_and_shows_every_factor_unused_for_a_new_account()
    {
        using var user = NewUser();
        await user.SignInAsync(await TestUsers.CreateAsync(Identity));

        var page = await user.GoAsync("/security");

        Assert.Equal("/security", page.Path);
        Assert.Equal("page", page.Document.QuerySelector("#nav-security")?.GetAttribute("aria-current"));
        Assert.Contains("Not set up", page.Document.QuerySelector("#totp-status")?.TextContent);
        Assert.Contains("Not set up", page.Document.QuerySelector("#phone-status")?.TextContent);
        Assert.Contains("0", page.Document.QuerySelector("#passkey-count")?.TextContent);
        Assert.Contains("0", page.Document.QuerySelector("#recovery-count")?.TextContent);
        Assert.Null(page.Document.QuerySelector("#mfa-required"));
        Assert.Null(page.Document.QuerySelector("main form"));
    }

    [Fact]
    public async Task The_overview_links_to_each_factor_page_and_each_links_back()
    {
        using var user = NewUser();
        await user.SignInAsync(await TestUsers.CreateAsync(Identity));
        var overview = await user.GoAsync("/security");

        foreach (var (link, path) in new[]
        {
            ("#manage-totp", "/security/authenticator"),
            ("#manage-phone", "/security/text-message"),
            ("#manage-passkeys", "/security/passkeys"),
            ("#manage-recovery-codes", "/security/recovery-codes"),
        })
        {
            var href = overview.Document.QuerySelector(link)?.GetAttribute("href");
            Assert.Equal(path, href);

            var page = await user.GoAsync(path);

            Assert.Equal((HttpStatusCode.OK, path), (page.Status, page.Path));
            Assert.Equal("/security", page.Document.QuerySelector("#back-to-security")?.GetAttribute("href"));
            Assert.Equal("true", page.Document.QuerySelector("#nav-security")?.GetAttribute("aria-current"));
            Assert.NotEqual(string.Empty, page.Document.QuerySelector("main h1")?.TextContent.Trim() ?? string.Empty);
            AssertEveryInputIsLabelled(page);
        }
    }

    [Fact]
    public async Task A_change_posted_without_the_anti_forgery_token_is_refused()
    {
        using var user = NewUser();
        await user.SignInAsync(await TestUsers.CreateAsync(Identity));

        foreach (var action in new[]
        {
            "/security/authenticator?handler=Begin", "/security/authenticator?handler=Remove", "/security/text-message?handler=Send",
            "/security/text-message?handler=Remove", "/security/recovery-codes?handler=Regenerate",
        })
        {
            using var response = await user.Portal.Http.PostAsync(action, new FormUrlEncodedContent(new Dictionary<string, string> { ["Phone.PhoneNumber"] = "+821012345678" }));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        Assert.Contains("Not set up", (await user.GoAsync("/security")).Document.QuerySelector("#phone-status")?.TextContent);
    }

    [Theory]
    [InlineData("/security/authenticator", "#begin-totp", null)]
    [InlineData("/security/text-message", "#send-phone-code", "Phone.PhoneNumber")]
    public async Task A_change_after_the_recent_sign_in_window_signs_the_user_in_again_and_comes_back_to_the_same_page(string path, string button, string? field)
    {
        using var user = NewUser();
        var account = await TestUsers.CreateAsync(Identity);
        await user.SignInAsync(account);
        var page = await user.GoAsync(path);
        Identity.Clock.Advance(TimeSpan.FromSeconds(90));
        var fields = field is null ? NoFields : new Dictionary<string, string> { [field] = "+8210" + Random.Shared.Next(10_000_000, 100_000_000) };

        var login = await user.SubmitAsync(page, fields, button);

        Assert.Equal("/account/login", login.Path);
        var back = await user.SignInAsync(login, account);
        Assert.Equal(path, back.Path);
        var done = await user.SubmitAsync(back, fields, button);
        Assert.Equal(path, done.Path);
        Assert.Null(done.Document.QuerySelector("[role=alert]"));
    }

    [Fact]
    public async Task The_last_factor_of_an_account_whose_app_requires_mfa_stays_and_the_refusal_shows_beside_it()
    {
        using var user = NewUser();
        var account = await TestUsers.CreateAsync(Identity);
        await user.SignInAsync(account);
        await AddAuthenticatorAsync(user);
        await GrantAppRequiringMfaAsync(await TestUsers.IdOfAsync(Identity, account));
        var overview = await user.GoAsync("/security");
        Assert.NotNull(overview.Document.QuerySelector("#mfa-required"));

        var refused = await user.SubmitAsync(await user.GoAsync("/security/authenticator"), NoFields, "#remove-totp");

        Assert.Equal("/security/authenticator", refused.Path);
        Assert.Contains("requires two-step sign-in", refused.Document.QuerySelector("#totp-error")?.TextContent);
        Assert.NotNull(refused.Document.QuerySelector("#remove-totp"));
        Assert.Contains("On", refused.Document.QuerySelector("#totp-status")?.TextContent);
    }

    /// <summary>A client registered with <c>require_mfa</c>, and a valid authorization of the user for it.</summary>
    private async Task GrantAppRequiringMfaAsync(string userId)
    {
        await using var scope = Identity.Services.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var descriptor = new OpenIddictApplicationDescriptor { ClientId = $"mfa-app-{Guid.NewGuid():N}", ClientType = ClientTypes.Public };
        descriptor.Properties[MfaRequirement.ClientProperty] = JsonSerializer.SerializeToElement(true);
        var application = await applications.CreateAsync(descriptor);
        await scope.ServiceProvider.GetRequiredService<IOpenIddictAuthorizationManager>().CreateAsync(new OpenIddictAuthorizationDescriptor
        {
            ApplicationId = await applications.GetIdAsync(application),
            Subject = userId,
            Status = Statuses.Valid,
            Type = AuthorizationTypes.Permanent,
            CreationDate = Identity.Clock.GetUtcNow(),
        });
    }
}
