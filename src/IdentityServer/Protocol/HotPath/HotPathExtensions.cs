using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenIddict.Server;

namespace Aict.IdentityServer.Protocol.HotPath;

/// <summary>
/// The speed layer under OpenIddict: what every grant would otherwise read, hash or search again is remembered or
/// picked out once. OpenIddict's behaviour is unchanged; what each piece bought is in docs/performance.md#why-the-hot-path-looks-the-way-it-does.
/// </summary>
internal static class HotPathExtensions
{
    public static OpenIddictBuilder AddProtocolHotPath(this OpenIddictBuilder builder)
    {
        // The scope -> resources lookup every grant makes, answered from ScopeResources.
        builder.AddCore(core => core.ReplaceScopeManager(typeof(ResourceCachingScopeManager<>)));

        // Only codes are reference tokens: a long Data Protection refresh token is never looked up by reference id.
        builder.AddServer(server => server
            .RemoveEventHandler(OpenIddictServerHandlers.Protection.ValidateReferenceTokenIdentifier.Descriptor)
            .AddEventHandler(ReferenceTokenLookup.Descriptor));

        var services = builder.Services;
        // Each event's handlers picked out once, instead of a walk over every registered handler at each event.
        services.Replace(ServiceDescriptor.Scoped<IOpenIddictServerDispatcher, ServerEventDispatcher>());
        services.AddSingleton<ServerEventPlans>();
        // Read by ClientApplicationManager: a client row read once per 30 s, not at every grant...
        services.AddSingleton<ApplicationSnapshots>();
        // ...and a client secret hashed with PBKDF2 once, then recognised.
        services.AddSingleton<VerifiedClientSecrets>();
        services.AddSingleton<ScopeResources>();
        return builder;
    }
}
