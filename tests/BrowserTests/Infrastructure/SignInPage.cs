namespace Aict.BrowserTests.Infrastructure;

/// <summary>IdentityServer's hosted sign-in page, found by the ids its markup gives its fields.</summary>
public sealed class SignInPage(IPage page)
{
    public const string Path = "/Account/Login";

    public ILocator Heading => page.Locator("main h1");

    public ILocator Error => page.Locator("#sign-in-error");

    public async Task WaitAsync() => await page.WaitForAsync(IsAt);

    /// <summary>Whether a URL is this page (routes are lower-cased by IdentityServer).</summary>
    public static bool IsAt(string url) => string.Equals(new Uri(url).AbsolutePath, Path, StringComparison.OrdinalIgnoreCase);

    public async Task SubmitAsync(string email, string password)
    {
        await page.Locator("#Input_Email").FillAsync(email);
        await page.Locator("#Input_Password").FillAsync(password);
        await page.Locator("main form:has(#Input_Password) button[type=submit]").ClickAsync();
    }

    public Task SubmitAsync(DemoUser user) => SubmitAsync(user.Email, user.Password);
}
