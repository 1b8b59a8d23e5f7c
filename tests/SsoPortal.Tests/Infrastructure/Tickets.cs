using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Aict.SsoPortal.Tests.Infrastructure;

/// <summary>Authentication tickets shaped like those the OIDC handler hands to the cookie handler.</summary>
public static class Tickets
{
    public static AuthenticationTicket For(string sid, string accessToken = "access-token", string refreshToken = "refresh-token",
        DateTimeOffset? accessTokenExpiresAt = null, DateTimeOffset? expiresUtc = null)
    {
        var identity = new ClaimsIdentity([new Claim("sub", "user-1"), new Claim("sid", sid), new Claim("name", "Alice")],
            CookieAuthenticationDefaults.AuthenticationScheme, "name", "role");
        var properties = new AuthenticationProperties { ExpiresUtc = expiresUtc ?? DateTimeOffset.UtcNow.AddHours(1) };
        properties.StoreTokens(
        [
            new AuthenticationToken { Name = "access_token", Value = accessToken },
            new AuthenticationToken { Name = "refresh_token", Value = refreshToken },
            new AuthenticationToken { Name = "id_token", Value = "id-token" },
            new AuthenticationToken
            {
                Name = "expires_at",
                Value = (accessTokenExpiresAt ?? DateTimeOffset.UtcNow.AddMinutes(5)).ToString("o", CultureInfo.InvariantCulture),
            },
        ]);
        return new AuthenticationTicket(new ClaimsPrincipal(identity), properties, CookieAuthenticationDefaults.AuthenticationScheme);
    }
}
