using System.Text.Json.Nodes;
using Aict.IdentityServer.Protocol.Tokens;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Aict.IdentityServer.Protocol.Endpoints;

/// <summary>The userinfo endpoint: the standard claims the access token's scopes and claims request release.</summary>
internal static class UserInfoEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext context, UserManager<ApplicationUser> users)
    {
        var token = (await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)).Principal!;
        var user = await users.FindByIdAsync(token.GetClaim(Claims.Subject)!);
        if (user is null)
        {
            return Results.Challenge(
                new AuthenticationProperties(new Dictionary<string, string?>
                {
                    [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.InvalidToken,
                    [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = "The token's user no longer exists.",
                }),
                [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        }

        var response = new JsonObject { [Claims.Subject] = user.Id };
        var released = StandardClaims.ReleasedBy(token.GetScopes()).Concat(ClaimsRequest.From(token).UserInfo).Distinct();
        foreach (var claim in released)
        {
            if (StandardClaims.ValueOf(user, claim) is { } value)
            {
                response[claim] = value;
            }
        }

        return Results.Json(response);
    }
}
