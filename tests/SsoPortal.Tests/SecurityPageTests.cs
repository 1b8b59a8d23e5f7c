using System.Text.RegularExpressions;
using Aict.IdentityServer.SignIn.Mfa.Sms;
using Aict.SsoPortal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Aict.SsoPortal.Tests;

/// <summary>
/// The portal's security page against a real IdentityServer: adding the authenticator app and the phone, the
/// recovery codes shown once, refusals next to their form, and a fresh sign-in when a change needs one.
/// </summary>
public sealed partial class SecurityPageTests(SecurityPageTests.Servers servers) : IClassFixture<SecurityPageTests.Servers>
{
    /// <summary>IdentityServer with a one-minute recent-sign-in window: moving its clock 90 s makes a sign-in stale while tokens still live.</summary>
    public sealed class Servers() : PortalAndIdentityServer(new ShortRecentSignInServer());

    public sealed class ShortRecentSignInServer()
        : ServerFixture(TestDatabase.Sqlite(), new Dictionary<string, string?> { ["Mfa:RecentSignInWindow"] = "00:01:00" });

    private IdentityServerFactory Identity => servers.Identity.Factory;

    [Fact]
    public async Task The_security_page_is_in_the_navigation_and_shows_no_factor_for_a_new_account()
    {
        using var user = NewUser();
        await user.SignInAsync(await TestUsers.CreateAsync(Identity));

        var page = await user.GoAsync("/security");

        Assert.Equal("/security", page.Path);
        Assert.Equal("page", page.Document.QuerySelector("#nav-security")?.GetAttribute("aria-current"));
        Assert.NotNull(page.Document.QuerySelector("#begin-totp"));
        Assert.NotNull(page.Document.QuerySelector("label[for=Phone_PhoneNumber]"));
        Assert.Null(page.Document.QuerySelector("#regenerate-codes"));
        Assert.Equal("/security/passkeys", page.Document.QuerySelector("#manage-passkeys")?.GetAttribute("href"));
    }

    [Fact]
    public async Task An_authenticator_app_is_added_with_the_key_on_the_page_and_the_recovery_codes_show_only_once()
    {
        using var user = NewUser();
        await user.SignInAsync(await TestUsers.CreateAsync(Identity));
        var security = await user.GoAsync("/security");

        var setup = await user.SubmitAsync(security, new Dictionary<string, string>(), "#begin-totp");

        Assert.NotNull(setup.Document.QuerySelector("#totp-qr svg[role=img]"));
        Assert.NotNull(setup.Document.QuerySelector("label[for=Totp_Code]"));
        var confirmed = await user.SubmitAsync(setup, new Dictionary<string, string> { ["Totp.Code"] = CodeFrom(setup) }, "#confirm-totp");

        Assert.NotNull(confirmed.Document.QuerySelector("#status-message"));
        var codes = confirmed.Document.QuerySelectorAll("#recovery-codes li").Select(li => li.TextContent.Trim()).ToList();
        Assert.Equal(10, codes.Count);
        Assert.All(codes, code => Assert.Matches(RecoveryCode(), code));
        Assert.True(confirmed.Headers.CacheControl?.NoStore);
        Assert.Null(confirmed.Document.QuerySelector("#totp-secret"));
        Assert.NotNull(confirmed.Document.QuerySelector("#remove-totp"));
        var later = await user.GoAsync("/security");
        Assert.Null(later.Document.QuerySelector("#recovery-codes"));
        Assert.NotNull(later.Document.QuerySelector("#remove-totp"));
        Assert.Contains("10", later.Document.QuerySelector("#recovery-count")?.TextContent);
    }

    [Fact]
    public async Task A_wrong_code_is_explained_beside_the_form_and_the_same_key_stays_on_the_page()
    {
        using var user = NewUser();
        await user.SignInAsync(await TestUsers.CreateAsync(Identity));
        var setup = await user.SubmitAsync(await user.GoAsync("/security"), new Dictionary<string, string>(), "#begin-totp");
        var key = setup.Document.QuerySelector("#totp-secret")!.TextContent.Trim();
        var right = CodeFrom(setup);

        var refused = await user.SubmitAsync(setup, new Dictionary<string, string> { ["Totp.Code"] = right == "000000" ? "111111" : "000000" }, "#confirm-totp");

        Assert.Contains("not correct", refused.Document.QuerySelector("#totp-error")?.TextContent);
        Assert.Equal(key, refused.Document.QuerySelector("#totp-secret")?.TextContent.Trim());
        Assert.NotNull(refused.Document.QuerySelector("#totp-qr svg"));
    }

    [Fact]
    public async Task A_phone_is_added_with_the_code_from_the_text_message_and_can_be_removed()
    {
        using var user = NewUser();
        await user.SignInAsync(await TestUsers.CreateAsync(Identity));
        var number = "+8210" + Random.Shared.Next(10_000_000, 100_000_000);

        var sent = await user.SubmitAsync(await user.GoAsync("/security"), new Dictionary<string, string> { ["Phone.PhoneNumber"] = number }, "#send-phone-code");

        Assert.Contains(number[^4..], sent.Document.QuerySelector("#status-message")?.TextContent);
        Assert.NotNull(sent.Document.QuerySelector("label[for=PhoneCode_Code]"));
        var code = Regex.Match(Identity.Services.GetRequiredService<DevelopmentSmsOutbox>().Messages.First(m => m.Message.To == number).Message.Body, "[0-9]{6}").Value;
        var confirmed = await user.SubmitAsync(sent, new Dictionary<string, string> { ["PhoneCode.Code"] = code }, "#confirm-phone");
        Assert.Equal(10, confirmed.Document.QuerySelectorAll("#recovery-codes li").Length);
        var security = await user.GoAsync("/security");
        Assert.Contains($"•••• {number[^4..]}", security.Document.QuerySelector("#phone-status")?.TextContent);

        var removed = await user.SubmitAsync(security, new Dictionary<string, string>(), "#remove-phone");

        Assert.NotNull(removed.Document.QuerySelector("#status-message"));
        Assert.NotNull(removed.Document.QuerySelector("#send-phone-code"));
        Assert.Contains("0", removed.Document.QuerySelector("#recovery-count")?.TextContent);
    }

    [Fact]
    public async Task A_number_IdentityServer_refuses_is_explained_beside_the_phone_form()
    {
        using var user = NewUser();
        await user.SignInAsync(await TestUsers.CreateAsync(Identity));

        var refused = await user.SubmitAsync(await user.GoAsync("/security"), new Dictionary<string, string> { ["Phone.PhoneNumber"] = "010-1234-5678" }, "#send-phone-code");

        Assert.Equal("/security", refused.Path);
        Assert.Contains("international", refused.Document.QuerySelector("#phone-error")?.TextContent);
    }

    [Fact]
    public async Task New_recovery_codes_replace_the_old_ones_and_show_once()
    {
        using var user = NewUser();
        await user.SignInAsync(await TestUsers.CreateAsync(Identity));
        var setup = await user.SubmitAsync(await user.GoAsync("/security"), new Dictionary<string, string>(), "#begin-totp");
        var first = (await user.SubmitAsync(setup, new Dictionary<string, string> { ["Totp.Code"] = CodeFrom(setup) }, "#confirm-totp"))
            .Document.QuerySelectorAll("#recovery-codes li").Select(li => li.TextContent.Trim()).ToList();

        var regenerated = await user.SubmitAsync(await user.GoAsync("/security"), new Dictionary<string, string>(), "#regenerate-codes");

        var fresh = regenerated.Document.QuerySelectorAll("#recovery-codes li").Select(li => li.TextContent.Trim()).ToList();
        Assert.Equal(10, fresh.Count);
        Assert.Empty(first.Intersect(fresh));
    }

    [Fact]
    public async Task A_change_after_the_recent_sign_in_window_signs_the_user_in_again_and_comes_back_to_the_security_page()
    {
        using var user = NewUser();
        var account = await TestUsers.CreateAsync(Identity);
        await user.SignInAsync(account);
        var security = await user.GoAsync("/security");
        Identity.Clock.Advance(TimeSpan.FromSeconds(90));

        var login = await user.SubmitAsync(security, new Dictionary<string, string>(), "#begin-totp");

        Assert.Equal("/account/login", login.Path);

        var back = await user.SignInAsync(login, account);
        Assert.Equal("/security", back.Path);
        var setup = await user.SubmitAsync(back, new Dictionary<string, string>(), "#begin-totp");
        Assert.NotNull(setup.Document.QuerySelector("#totp-secret"));
    }

    /// <summary>The next code an authenticator app with the key on the page shows (a time step IdentityServer has not seen).</summary>
    [Fact]
    public async Task With_an_authenticator_app_the_fresh_sign_in_asks_for_the_password_and_a_code_before_the_change()
    {
        using var user = NewUser();
        var account = await TestUsers.CreateAsync(Identity);
        await user.SignInAsync(account);
        var setup = await user.SubmitAsync(await user.GoAsync("/security"), new Dictionary<string, string>(), "#begin-totp");
        var key = setup.Document.QuerySelector("#totp-secret")!.TextContent.Trim();
        await user.SubmitAsync(setup, new Dictionary<string, string> { ["Totp.Code"] = Identity.Authenticator.NextCode(key) }, "#confirm-totp");
        var security = await user.GoAsync("/security");
        Identity.Clock.Advance(TimeSpan.FromSeconds(90));

        var login = await user.SubmitAsync(security, new Dictionary<string, string>(), "#remove-totp");
        var challenge = await user.SignInAsync(login, account);

        Assert.Equal("/account/mfa", challenge.Path.ToLowerInvariant());
        var back = await user.SubmitAsync(challenge, new Dictionary<string, string> { ["Code"] = Identity.Authenticator.NextCode(key) }, "form[action*='handler=Totp'] button");
        Assert.Equal("/security", back.Path);
        var removed = await user.SubmitAsync(back, new Dictionary<string, string>(), "#remove-totp");
        Assert.NotNull(removed.Document.QuerySelector("#status-message"));
        Assert.NotNull(removed.Document.QuerySelector("#begin-totp"));
    }

    private string CodeFrom(Navigation setup) => Identity.Authenticator.NextCode(setup.Document.QuerySelector("#totp-secret")!.TextContent.Trim());

    private UserAgent NewUser()
    {
        var (portal, identity) = servers.CreateBrowsers();
        return new UserAgent(portal, identity);
    }

    [GeneratedRegex("^[2-9a-z]{5}-[2-9a-z]{5}$")]
    private static partial Regex RecoveryCode();
}
