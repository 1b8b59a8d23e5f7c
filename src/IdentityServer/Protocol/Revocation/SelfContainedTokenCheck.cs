using System.Security.Claims;
using Aict.ServiceDefaults.Revocation;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Validation;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Aict.IdentityServer.Protocol.Revocation;

/// <summary>
/// Access tokens have no token row, so where IdentityServer validates one itself (introspection, revocation,
/// userinfo, the account API) it checks the revocation list exactly as resource servers do: by <c>jti</c>,
/// session, token family and the subject's not-before time, from this process's local copy of the list.
/// A copy that has been out of reach beyond the staleness bound refuses every access token (fail closed).
/// </summary>
internal sealed class SelfContainedTokenCheck(RevocationCopy copy)
    : IOpenIddictServerHandler<OpenIddictServerEvents.ValidateTokenContext>, IOpenIddictValidationHandler<OpenIddictValidationEvents.ValidateTokenContext>
{
    private const string Refused = "The specified token is no longer valid.";

    public static OpenIddictServerHandlerDescriptor ServerDescriptor { get; }
        = OpenIddictServerHandlerDescriptor.CreateBuilder<OpenIddictServerEvents.ValidateTokenContext>()
            .UseSingletonHandler<SelfContainedTokenCheck>()
            .SetOrder(OpenIddictServerHandlers.Protection.ValidateTokenEntry.Descriptor.Order + 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public static OpenIddictValidationHandlerDescriptor ValidationDescriptor { get; }
        = OpenIddictValidationHandlerDescriptor.CreateBuilder<OpenIddictValidationEvents.ValidateTokenContext>()
            .UseSingletonHandler<SelfContainedTokenCheck>()
            .SetOrder(OpenIddictValidationHandlers.Protection.ValidateTokenEntry.Descriptor.Order + 500)
            .SetType(OpenIddictValidationHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(OpenIddictServerEvents.ValidateTokenContext context)
    {
        if (IsRefused(context.Principal))
        {
            context.Reject(Errors.InvalidToken, Refused);
        }

        return default;
    }

    public ValueTask HandleAsync(OpenIddictValidationEvents.ValidateTokenContext context)
    {
        if (IsRefused(context.Principal))
        {
            context.Reject(Errors.InvalidToken, Refused);
        }

        return default;
    }

    private bool IsRefused(ClaimsPrincipal? principal) =>
        principal is not null && principal.HasTokenType(TokenTypeIdentifiers.AccessToken)
        && copy.Check(principal, principal.GetCreationDate()?.ToUnixTimeSeconds() ?? 0) != RevocationVerdict.Valid;
}
