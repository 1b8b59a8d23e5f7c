using System.Security.Cryptography;
using System.Text;
using Aict.Ui;
using Microsoft.AspNetCore.WebUtilities;

namespace Aict.IdentityServer.Detection.Devices;

/// <summary>
/// A long-lived random id in its own cookie, naming the browser a sign-in comes from. It proves nothing and grants nothing;
/// it only lets the new-device rule tell a returning browser from a new one. Only its hash is stored.
/// </summary>
public static class DeviceCookie
{
    public const string BaseName = "aict.device";

    private static readonly TimeSpan s_lifetime = TimeSpan.FromDays(365);

    /// <summary>The hash of this browser's device id; a new id is issued (on the response) when the browser has none.</summary>
    public static string Ensure(HttpContext context, bool development)
    {
        var name = PageCookies.Name(BaseName, development);
        if (Read(context, name) is { } known)
        {
            return Hash(known);
        }

        var id = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        context.Response.Cookies.Append(name, id, new CookieOptions
        {
            HttpOnly = true,
            Secure = !development || context.Request.IsHttps,
            SameSite = SameSiteMode.Lax,
            Path = "/",
            MaxAge = s_lifetime,
            IsEssential = true,
        });
        context.Items[name] = id;
        return Hash(id);
    }

    private static string? Read(HttpContext context, string name)
    {
        var value = context.Items[name] as string ?? context.Request.Cookies[name];
        // Only ids of the shape this server issues; anything else is a new device.
        return value is { Length: 43 } ? value : null;
    }

    private static string Hash(string id) => Convert.ToHexString(SHA256.HashData(Encoding.ASCII.GetBytes(id)), 0, 16);
}
