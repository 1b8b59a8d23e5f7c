using System.Globalization;
using Aict.ServiceDefaults.Revocation;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace Aict.CommerceApi.Security;

/// <summary>A valid signature is not enough: the token must not be on the revocation list.</summary>
internal static class TokenRevocation
{
    public static Task CheckAsync(TokenValidatedContext context)
    {
        var principal = context.Principal!;
        var copy = context.HttpContext.RequestServices.GetRequiredService<RevocationCopy>();
        var issuedAt = long.TryParse(principal.FindFirst("iat")?.Value, CultureInfo.InvariantCulture, out var iat) ? iat : 0;
        switch (copy.Check(principal, issuedAt))
        {
            case RevocationVerdict.Revoked:
                context.Fail(new TokenRevokedException());
                break;
            case RevocationVerdict.Unavailable:
                context.Fail(new RevocationUnavailableException());
                break;
        }

        return Task.CompletedTask;
    }
}

/// <summary>The token is on the revocation list: 401 invalid_token.</summary>
internal sealed class TokenRevokedException() : Exception("The access token has been revoked.");

/// <summary>The revocation list has been out of reach beyond the staleness bound: 503, fail closed.</summary>
internal sealed class RevocationUnavailableException() : Exception("Revocation state is unavailable.");
