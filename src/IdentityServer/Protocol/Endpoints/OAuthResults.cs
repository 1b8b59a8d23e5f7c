using Microsoft.AspNetCore.Authentication;
using OpenIddict.Server.AspNetCore;

namespace Aict.IdentityServer.Protocol.Endpoints;

/// <summary>OAuth errors returned the OAuth way: OpenIddict renders them for the endpoint at hand.</summary>
internal static class OAuthResults
{
    public static IResult Error(string error, string description) =>
        Results.Forbid(
            new AuthenticationProperties(new Dictionary<string, string?>
            {
                [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
                [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
            }),
            [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
