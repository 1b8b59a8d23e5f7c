using System.Text.RegularExpressions;

namespace Aict.SsoPortal.Tests.Security;

/// <summary>The authenticator app's page: set up from the key on the page, the recovery codes shown once, refusals beside the form.</summary>
[Collection(SecurityServers.Name)]
public sealed partial class AuthenticatorPageTests(SecurityServers servers) : SecurityPageTest(servers)
{
    [Fact]
    public async Task An_authenticator_app_is_added_with_the_key_on_the_page_and_the_recovery_codes_show_only_once()
    {
        using var user = NewUser();
        await user.SignInAsync(await TestUsers.CreateAsync(Identity));
        var page = await user.GoAsync("/security/authenticator");

        var setup = await user.SubmitAsync(page, NoFields, "#begin-totp");

        Assert.NotNull(setup.Document.QuerySelector("#totp-qr svg[role=img]"));
        AssertEveryInputIsLabelled(setup);
        var confirmed = await user.SubmitAsync(setup, new Dictionary<string, string> { ["Totp.Code"] = Identity.Authenticator.NextCode(KeyOn(setup)) }, "#confirm-totp");

        Assert.Equal("/security/authenticator", confirmed.Path);
        Assert.NotNull(confirmed.Document.QuerySelector("#status-message"));
        var codes = RecoveryCodesOn(confirmed);
        Assert.Equal(10, codes.Count);
        Assert.All(codes, code => Assert.Matches(RecoveryCode(), code));
        Assert.True(confirmed.Headers.CacheControl?.NoStore);
        Assert.Null(confirmed.Document.QuerySelector("#totp-secret"));
        Assert.NotNull(confirmed.Document.QuerySelector("#remove-totp"));
        var later = await user.GoAsync("/security/authenticator");
        Assert.Empty(RecoveryCodesOn(later));
        Assert.NotNull(later.Document.QuerySelector("#remove-totp"));
        var overview = await user.GoAsync("/security");
        Assert.Contains("On", overview.Document.QuerySelector("#totp-status")?.TextContent);
        Assert.Contains("10", overview.Document.QuerySelector("#recovery-count")?.TextContent);
    }

    [Fact]
    public async Task A_wrong_code_is_explained_beside_the_form_and_the_same_key_stays_on_the_page()
    {
        using var user = NewUser();
        await user.SignInAsync(await TestUsers.CreateAsync(Identity));
        var setup = await user.SubmitAsync(await user.GoAsync("/security/authenticator"), NoFields, "#begin-totp");
        var key = KeyOn(setup);
        var right = Identity.Authenticator.NextCode(key);

        var refused = await user.SubmitAsync(setup, new Dictionary<string, string> { ["Totp.Code"] = right == "000000" ? "111111" : "000000" }, "#confirm-totp");

        Assert.Contains("not correct", refused.Document.QuerySelector("#totp-error")?.TextContent);
        Assert.Equal(key, KeyOn(refused));
        Assert.NotNull(refused.Document.QuerySelector("#totp-qr svg"));
    }

    [Fact]
    public async Task A_missing_code_is_asked_for_beside_the_field_and_the_same_key_stays_on_the_page()
    {
        using var user = NewUser();
        await user.SignInAsync(await TestUsers.CreateAsync(Identity));
        var setup = await user.SubmitAsync(await user.GoAsync("/security/authenticator"), NoFields, "#begin-totp");

        var refused = await user.SubmitAsync(setup, new Dictionary<string, string> { ["Totp.Code"] = "" }, "#confirm-totp");

        Assert.Equal("Enter the code.", refused.Document.QuerySelector("[data-valmsg-for='Totp.Code']")?.TextContent.Trim());
        Assert.Equal(KeyOn(setup), KeyOn(refused));
        Assert.Null(refused.Document.QuerySelector("#totp-error"));
    }

    [Fact]
    public async Task With_an_authenticator_app_the_fresh_sign_in_asks_for_the_password_and_a_code_before_the_removal()
    {
        using var user = NewUser();
        var account = await TestUsers.CreateAsync(Identity);
        await user.SignInAsync(account);
        var (_, key) = await AddAuthenticatorAsync(user);
        var page = await user.GoAsync("/security/authenticator");
        Identity.Clock.Advance(TimeSpan.FromSeconds(90));

        var login = await user.SubmitAsync(page, NoFields, "#remove-totp");
        var challenge = await user.SignInAsync(login, account);

        Assert.Equal("/account/mfa", challenge.Path.ToLowerInvariant());
        var back = await user.SubmitAsync(challenge, new Dictionary<string, string> { ["Code"] = Identity.Authenticator.NextCode(key) }, "form[action*='handler=Totp'] button");
        Assert.Equal("/security/authenticator", back.Path);
        var removed = await user.SubmitAsync(back, NoFields, "#remove-totp");
        Assert.NotNull(removed.Document.QuerySelector("#status-message"));
        Assert.NotNull(removed.Document.QuerySelector("#begin-totp"));
    }

    [GeneratedRegex("^[2-9a-z]{5}-[2-9a-z]{5}$")]
    private static partial Regex RecoveryCode();
}
