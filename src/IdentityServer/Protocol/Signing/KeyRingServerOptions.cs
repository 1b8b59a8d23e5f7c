using Microsoft.Extensions.Options;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Aict.IdentityServer.Protocol.Signing;

/// <summary>Hands the stored keys to OpenIddict: all of them to publish and validate with.</summary>
internal sealed class KeyRingServerOptions(KeyRing ring) : IConfigureOptions<OpenIddictServerOptions>
{
    public void Configure(OpenIddictServerOptions options)
    {
        options.SigningCredentials.AddRange(ring.SigningCredentials);
        options.EncryptionCredentials.Add(ring.EncryptionCredentials);
    }
}

/// <summary>
/// Signs each token with the key ring's active key of its kind's algorithm instead of the first registered
/// key: ID tokens with <see cref="SigningOptions.IdTokenAlgorithm"/>, everything else with <see cref="SigningOptions.AccessTokenAlgorithm"/>.
/// </summary>
internal sealed class SignWithActiveKey(KeyRing ring, IOptions<SigningOptions> options) : IOpenIddictServerHandler<GenerateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; }
        = OpenIddictServerHandlerDescriptor.CreateBuilder<GenerateTokenContext>()
            .UseSingletonHandler<SignWithActiveKey>()
            .SetOrder(OpenIddictServerHandlers.Protection.AttachSecurityCredentials.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(GenerateTokenContext context)
    {
        var algorithm = context.TokenType == TokenTypeIdentifiers.IdentityToken ? options.Value.IdTokenAlgorithm : options.Value.AccessTokenAlgorithm;
        context.SigningCredentials = ring.ActiveSigningCredentials(algorithm);
        return default;
    }
}
