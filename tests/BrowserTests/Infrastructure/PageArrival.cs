namespace Aict.BrowserTests.Infrastructure;

/// <summary>
/// Waits until a page has arrived somewhere. <c>IPage.WaitForURLAsync</c> reads the URL once and then waits for the
/// next navigation event, so a redirect chain that lands between the two is missed and the wait times out on a page
/// that is already there (seen in CI); polling the URL cannot miss it.
/// </summary>
public static class PageArrival
{
    // The first sign-in through a freshly started portal pays its cold start (a CI run once took over 30 s to arrive).
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    public static async Task WaitForAsync(this IPage page, Func<string, bool> arrived)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (!arrived(page.Url))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The browser did not arrive within {Limit.TotalSeconds} s; it is at {page.Url}.");
            }

            await Task.Delay(25);
        }

        await page.WaitForLoadStateAsync(LoadState.Load);
    }
}
