using System.Collections.Immutable;
using Aict.IdentityServer.Protocol.Registration;
using Aict.IdentityServer.Protocol.Signing;
using Aict.IdentityServer.Protocol.Tokens;
using Microsoft.Extensions.Options;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Aict.IdentityServer.Protocol.Endpoints;

/// <summary>Advertises in discovery what the server supports beyond OpenIddict's defaults.</summary>
internal sealed class DiscoveryMetadata(IOptions<SigningOptions> signing) : IOpenIddictServerHandler<HandleConfigurationRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; }
        = OpenIddictServerHandlerDescriptor.CreateBuilder<HandleConfigurationRequestContext>()
            .UseSingletonHandler<DiscoveryMetadata>()
            .SetOrder(OpenIddictServerHandlers.Discovery.AttachAdditionalMetadata.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(HandleConfigurationRequestContext context)
    {
        // The claims request parameter (OpenID Connect Core §5.5) is read by the authorization endpoint.
        context.Metadata["claims_parameter_supported"] = true;
        // The JWKS also holds the access-token keys; ID tokens are signed with one algorithm only.
        context.IdTokenSigningAlgorithms.Clear();
        context.IdTokenSigningAlgorithms.Add(signing.Value.IdTokenAlgorithm);
        context.Metadata["acr_values_supported"] = ImmutableArray.Create<string?>(SessionClaims.SingleFactorLevel, SessionClaims.MultiFactorLevel);
        context.Metadata["ui_locales_supported"] = ImmutableArray.Create<string?>("en", "ko");
        context.Metadata["claim_types_supported"] = ImmutableArray.Create<string?>("normal");
        // OIDC Back-Channel Logout 1.0 §2.1: logout tokens always carry the session's sid.
        context.Metadata["backchannel_logout_supported"] = true;
        context.Metadata["backchannel_logout_session_supported"] = true;
        // RFC 7591 §3 / RFC 8414 §2: clients register themselves here with an administrator's initial access token.
        if (context.Issuer is { } issuer)
        {
            context.Metadata["registration_endpoint"] = new Uri(issuer, RegistrationApi.Path.TrimStart('/')).AbsoluteUri;
        }
        return default;
    }
}
