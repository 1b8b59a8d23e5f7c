using Microsoft.AspNetCore.Http;

namespace Aict.Ui;

/// <summary>
/// The page apps' cookies, named in one place. Outside Development each is <c>__Host-</c> prefixed, Secure, Path=/
/// and without Domain, so a sibling subdomain can neither set nor shadow it. Development runs on plain http, where
/// browsers drop a <c>__Host-</c> cookie (it must be Secure): there the bare name, Secure when the request is.
/// </summary>
public static class PageCookies
{
    public const string HostPrefix = "__Host-";

    public static string Name(string name, bool development) => development ? name : HostPrefix + name;

    public static void Configure(CookieBuilder cookie, string name, bool development)
    {
        cookie.Name = Name(name, development);
        cookie.SecurePolicy = development ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        cookie.Path = "/";
        cookie.Domain = null;
    }
}
