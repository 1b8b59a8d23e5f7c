using Microsoft.Extensions.Options;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Aict.IdentityServer.Signing;

/// <summary>Hands the stored keys to OpenIddict: all of them to publish and validate with.</summary>
internal sealed class KeyRingServerOptions(KeyRing ring) : IConfigureOptions<OpenIddictServerOptions>
{
    public void Configure(OpenIddictServerOptions options)
    {
        options.SigningCredentials.AddRange(ring.SigningCredentials);
        options.EncryptionCredentials.Add(ring.EncryptionCredentials);
    }
}

/// <summary>Signs each token with the key ring's active key instead of the first registered one.</summary>
internal sealed class SignWithActiveKey(KeyRing ring) : IOpenIddictServerHandler<GenerateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; }
        = OpenIddictServerHandlerDescriptor.CreateBuilder<GenerateTokenContext>()
            .UseSingletonHandler<SignWithActiveKey>()
            .SetOrder(OpenIddictServerHandlers.Protection.AttachSecurityCredentials.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(GenerateTokenContext context)
    {
        context.SigningCredentials = ring.ActiveSigningCredentials;
        return default;
    }
}
