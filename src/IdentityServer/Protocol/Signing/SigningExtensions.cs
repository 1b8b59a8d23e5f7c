using Microsoft.Extensions.Options;
using OpenIddict.Server;

namespace Aict.IdentityServer.Protocol.Signing;

internal static class SigningExtensions
{
    /// <summary>
    /// Token keys stored in the identity database (the <c>Signing</c> section): one signing key per algorithm in use,
    /// all of them published in the JWKS, each token signed with the active key of its kind's algorithm.
    /// </summary>
    public static OpenIddictBuilder AddStoredSigningKeys(this OpenIddictBuilder builder)
    {
        builder.Services.AddOptions<SigningOptions>().BindConfiguration(SigningOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<KeyRing>();
        builder.Services.AddScoped<KeyStore>();
        builder.Services.AddHostedService<KeyRingReload>();
        builder.Services.AddSingleton<IConfigureOptions<OpenIddictServerOptions>, KeyRingServerOptions>();
        builder.AddServer(server => server.AddEventHandler(SignWithActiveKey.Descriptor));
        return builder;
    }
}
