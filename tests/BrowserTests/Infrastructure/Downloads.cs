using System.Text;
using Microsoft.Playwright;

namespace Aict.BrowserTests.Infrastructure;

internal static class Downloads
{
    /// <summary>Clicks a download link and answers the file's suggested name and its text.</summary>
    public static async Task<(string Name, string Text)> DownloadAsync(this BrowserSession session, ILocator link)
    {
        var download = await session.Page.RunAndWaitForDownloadAsync(() => link.ClickAsync());
        var path = await download.PathAsync();
        return (download.SuggestedFilename, Encoding.UTF8.GetString(await File.ReadAllBytesAsync(path)));
    }
}
