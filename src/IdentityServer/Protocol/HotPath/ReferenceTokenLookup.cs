using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;
using static OpenIddict.Server.OpenIddictServerHandlerFilters;
using static OpenIddict.Server.OpenIddictServerHandlers.Protection;

namespace Aict.IdentityServer.Protocol.HotPath;

/// <summary>
/// OpenIddict's reference-token lookup (authorization codes are reference tokens), asked only for a token short
/// enough to be a reference identifier (43 characters) or a user code (12 to 49). A refresh token sealed with Data
/// Protection is over a thousand characters, and the built-in handler looked each one up in the token table first:
/// a query per refresh grant that never found anything (docs/performance.md#reference-token-lookup).
/// </summary>
internal sealed class ReferenceTokenLookup(IOpenIddictTokenManager tokens) : IOpenIddictServerHandler<ValidateTokenContext>
{
    private const int LongestReference = 49;

    private readonly ValidateReferenceTokenIdentifier _lookup = new(tokens);

    public static OpenIddictServerHandlerDescriptor Descriptor { get; }
        = OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenContext>()
            .AddFilter<RequireDegradedModeDisabled>()
            .AddFilter<RequireTokenStorageEnabled>()
            .UseScopedHandler<ReferenceTokenLookup>()
            .SetOrder(ValidateReferenceTokenIdentifier.Descriptor.Order)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ValidateTokenContext context) =>
        context.Token.Length <= LongestReference ? _lookup.HandleAsync(context) : default;
}
