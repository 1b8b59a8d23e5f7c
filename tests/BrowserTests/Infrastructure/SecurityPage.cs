using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Aict.BrowserTests.Infrastructure;

/// <summary>
/// The portal's security pages: the overview at <c>/security</c> and a page per factor, found by the ids documented
/// at the top of their .cshtml files.
/// </summary>
public sealed partial class SecurityPage(IPage page, PortalPages portal, IdentityServerFactory identity)
{
    /// <summary>Each factor's link on the overview, and the page it opens.</summary>
    public static readonly IReadOnlyList<(string Link, string Path)> FactorPages =
    [
        ("manage-totp", "/security/authenticator"),
        ("manage-phone", "/security/text-message"),
        ("manage-passkeys", "/security/passkeys"),
        ("manage-recovery-codes", "/security/recovery-codes"),
    ];

    public ILocator RecoveryCodes => page.Locator("#recovery-codes li");

    public ILocator TotpStatus => page.Locator("#totp-status");

    public ILocator PhoneStatus => page.Locator("#phone-status");

    public ILocator RecoveryCount => page.Locator("#recovery-count");

    public ILocator BackToOverview => page.Locator("#back-to-security");

    /// <summary>Opens the overview.</summary>
    public Task GoToAsync() => portal.GoToAsync("/security");

    /// <summary>Follows a factor's link on the overview (one of <see cref="FactorPages"/>) to its page.</summary>
    public async Task OpenAsync(string link)
    {
        var path = FactorPages.Single(factor => factor.Link == link).Path;
        await portal.ById(link).ClickAsync();
        await page.WaitForAsync(_ => portal.IsAt(path));
    }

    /// <summary>
    /// On the authenticator page, sets up the app with the key the page shows, as a person typing it into an app
    /// would; returns the key (base32).
    /// </summary>
    public async Task<string> AddAuthenticatorAppAsync(Func<string, Task>? shoot = null)
    {
        await portal.ById("begin-totp").ClickAsync();
        await Assertions.Expect(page.Locator("#totp-qr svg")).ToBeVisibleAsync();
        if (shoot is not null)
        {
            await shoot("totp-setup");
        }

        var key = (await page.Locator("#totp-secret").InnerTextAsync()).Trim();
        await page.GetByLabel(new Regex("Code from the app|앱에 표시된 코드")).FillAsync(identity.Authenticator.NextCode(key));
        await portal.ById("confirm-totp").ClickAsync();
        return key;
    }

    /// <summary>On the text-message page, adds a phone with the code Twilio (the fake) received for it.</summary>
    public async Task AddPhoneAsync(string number, FakeTwilio twilio)
    {
        await page.GetByLabel(new Regex("Mobile number|휴대폰 번호")).FillAsync(number);
        await portal.ById("send-phone-code").ClickAsync();
        await Assertions.Expect(portal.StatusMessage).ToContainTextAsync(number[^4..]);
        await page.GetByLabel(new Regex("Code from the text message|문자 메시지의 코드")).FillAsync(LatestCodeTo(number, twilio));
        await portal.ById("confirm-phone").ClickAsync();
    }

    public static string LatestCodeTo(string number, FakeTwilio twilio) =>
        SixDigits().Match(twilio.Messages.Last(message => message.To == number).Body).Value;

    /// <summary>A Korean mobile number no other test uses.</summary>
    public static string NewNumber() => "+8210" + RandomNumberGenerator.GetInt32(10_000_000, 100_000_000);

    [GeneratedRegex("[0-9]{6}")]
    private static partial Regex SixDigits();
}
