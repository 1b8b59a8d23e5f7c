using System.Collections.Concurrent;

namespace Aict.BrowserTests.Infrastructure;

/// <summary>
/// Full-page screenshots of the pages a test visits, for review: <c>TestResults/screenshots/&lt;test&gt;/NN-&lt;page&gt;.png</c>
/// at the repository root (git-ignored), numbered in the order taken.
/// </summary>
public sealed class Screenshots
{
    public static readonly ViewportSize Desktop = new() { Width = 1280, Height = 800 };
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    // The cases of a theory share their test's folder and numbering.
    private static readonly ConcurrentDictionary<string, Screenshots> ByTest = new();

    private readonly string _directory;
    private int _taken;

    private Screenshots(string testName)
    {
        _directory = Path.Combine(RepositoryRoot(), "TestResults", "screenshots", testName);
        // A rerun replaces the previous run's pictures instead of mixing with them.
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }

        Directory.CreateDirectory(_directory);
    }

    /// <summary>The screenshots of the named test in this run.</summary>
    public static Screenshots For(string testName) => ByTest.GetOrAdd(testName, name => new Screenshots(name));

    /// <summary>The page as it is now, at its current viewport.</summary>
    public async Task SaveAsync(IPage page, string name)
    {
        var number = Interlocked.Increment(ref _taken);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(_directory, $"{number:00}-{name}.png"), FullPage = true });
    }

    /// <summary>The page at desktop and at phone width, leaving the viewport as it was.</summary>
    public async Task SaveAtBothWidthsAsync(IPage page, string name)
    {
        var original = page.ViewportSize is { } size ? new ViewportSize { Width = size.Width, Height = size.Height } : Desktop;
        await page.SetViewportSizeAsync(Desktop.Width, Desktop.Height);
        await SaveAsync(page, $"{name}-desktop");
        await page.SetViewportSizeAsync(Phone.Width, Phone.Height);
        await SaveAsync(page, $"{name}-phone");
        await page.SetViewportSizeAsync(original.Width, original.Height);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Aict.Identity.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Aict.Identity.sln above {AppContext.BaseDirectory}.");
    }
}
