namespace Aict.BrowserTests.Infrastructure;

/// <summary>IdentityServer's second sign-in step (and its enrolment page), found by the ids its markup gives.</summary>
public sealed class MfaChallengePage(IPage page)
{
    public const string Path = "/Account/Mfa";

    public ILocator Error => page.Locator("#mfa-error");

    public ILocator Code => page.Locator("#Code");

    public static bool IsAt(string url) => string.Equals(new Uri(url).AbsolutePath, Path, StringComparison.OrdinalIgnoreCase);

    public async Task WaitAsync() => await page.WaitForAsync(IsAt);

    public async Task SubmitCodeAsync(string code)
    {
        await Code.FillAsync(code);
        await page.Locator("main form button.primary[type=submit]").ClickAsync();
    }

    /// <summary>Switches to another factor: <c>totp</c>, <c>sms</c> or <c>recovery</c>.</summary>
    public async Task UseAsync(string method)
    {
        await page.Locator($"#use-{method}").ClickAsync();
        await page.WaitForAsync(url => IsAt(url) && new Uri(url).Query.Contains($"Method={method}", StringComparison.OrdinalIgnoreCase));
    }
}
