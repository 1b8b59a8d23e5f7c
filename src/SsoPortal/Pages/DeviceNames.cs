using Microsoft.Extensions.Localization;

namespace Aict.SsoPortal.Pages;

/// <summary>A short "browser on system" name for a session's user agent, so people recognise their devices.</summary>
public static class DeviceNames
{
    private static readonly (string Token, string Name)[] Browsers =
        [("Edg/", "Edge"), ("OPR/", "Opera"), ("SamsungBrowser/", "Samsung Internet"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"), ("Safari/", "Safari")];

    private static readonly (string Token, string Name)[] Systems =
        [("Android", "Android"), ("iPhone", "iPhone"), ("iPad", "iPad"), ("Windows", "Windows"), ("Mac OS X", "macOS"), ("CrOS", "ChromeOS"), ("Linux", "Linux")];

    public static string Describe(string? userAgent, IStringLocalizer text)
    {
        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return text["UnknownDevice"];
        }

        var browser = Browsers.FirstOrDefault(b => userAgent.Contains(b.Token, StringComparison.Ordinal)).Name;
        var system = Systems.FirstOrDefault(s => userAgent.Contains(s.Token, StringComparison.Ordinal)).Name;
        return (browser, system) switch
        {
            (null, null) => text["OtherDevice"],
            (not null, not null) => text["BrowserOnSystem", browser, system],
            _ => browser ?? system!,
        };
    }
}
