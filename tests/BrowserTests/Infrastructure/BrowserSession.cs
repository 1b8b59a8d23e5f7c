namespace Aict.BrowserTests.Infrastructure;

/// <summary>One test's browser: a fresh context (no cookies), one page, and the test's screenshots.</summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private readonly IBrowser _browser;

    private BrowserSession(IBrowser browser, IBrowserContext context, IPage page, Screenshots screenshots, string label)
    {
        _browser = browser;
        Context = context;
        Page = page;
        Screenshots = screenshots;
        Label = label;
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    public Screenshots Screenshots { get; }

    /// <summary>Prefixes this session's screenshots when a test drives more than one browser.</summary>
    public string Label { get; }

    internal static async Task<BrowserSession> OpenAsync(IBrowser browser, Screenshots screenshots, string label, string locale)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = Screenshots.Desktop,
            Locale = locale,
        });
        return new BrowserSession(browser, context, await context.NewPageAsync(), screenshots, label);
    }

    /// <summary>A second, independent browser (another device) for the same test, sharing its screenshot folder.</summary>
    public Task<BrowserSession> OpenAnotherAsync(string label, string locale = "en-US") => OpenAsync(_browser, Screenshots, label, locale);

    public Task ShootAsync(string name) => Screenshots.SaveAsync(Page, Named(name));

    public Task ShootAtBothWidthsAsync(string name) => Screenshots.SaveAtBothWidthsAsync(Page, Named(name));

    /// <summary>Asserts that the current page does not scroll sideways at phone width, leaving the viewport as it was.</summary>
    public async Task AssertFitsPhoneWidthAsync()
    {
        var original = Page.ViewportSize;
        await Page.SetViewportSizeAsync(Screenshots.Phone.Width, Screenshots.Phone.Height);
        var fits = await Page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth");
        if (original is not null)
        {
            await Page.SetViewportSizeAsync(original.Width, original.Height);
        }

        Assert.True(fits, $"{Page.Url} scrolls sideways at phone width.");
    }

    public async ValueTask DisposeAsync() => await Context.DisposeAsync();

    private string Named(string name) => Label.Length == 0 ? name : $"{Label}-{name}";
}
