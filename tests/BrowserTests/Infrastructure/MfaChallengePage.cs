namespace Aict.BrowserTests.Infrastructure;

/// <summary>IdentityServer's second-factor challenge after the password, or for a step-up; found by its fields' ids.</summary>
public sealed class MfaChallengePage(IPage page)
{
    public const string Path = "/Account/Mfa";

    public async Task WaitAsync() => await page.WaitForAsync(IsAt);

    public static bool IsAt(string url) => string.Equals(new Uri(url).AbsolutePath, Path, StringComparison.OrdinalIgnoreCase);

    /// <summary>Answers with a code from the authenticator app (the page offers it first to users who have one).</summary>
    public async Task SubmitCodeAsync(string code)
    {
        await page.Locator("#Code").FillAsync(code);
        await page.Locator("form:has(#Code) button[type=submit]").ClickAsync();
    }
}
