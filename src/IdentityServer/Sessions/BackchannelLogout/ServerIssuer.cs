using Microsoft.Extensions.Options;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Aict.IdentityServer.Sessions.BackchannelLogout;

/// <summary>
/// The issuer OpenIddict stamps on tokens, for work done outside a request: <c>Server:Issuer</c> when
/// configured, otherwise the host's base URI as OpenIddict resolved it on the latest protocol request.
/// </summary>
internal sealed class ServerIssuer(IOptionsMonitor<OpenIddictServerOptions> options)
{
    private Uri? _observed;

    /// <summary>Null until configured or seen: this instance has not served a protocol request yet.</summary>
    public Uri? Current => options.CurrentValue.Issuer ?? Volatile.Read(ref _observed);

    public void Observe(Uri baseUri) => Volatile.Write(ref _observed, baseUri);
}

/// <summary>Remembers the base URI of each protocol request, which is the issuer when none is configured.</summary>
internal sealed class ObserveIssuer(ServerIssuer issuer) : IOpenIddictServerHandler<ProcessRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; }
        = OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessRequestContext>()
            .UseSingletonHandler<ObserveIssuer>()
            .SetOrder(OpenIddictServerAspNetCoreHandlers.ResolveRequestUri.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ProcessRequestContext context)
    {
        if (context.Options.Issuer is null && context.BaseUri is { } baseUri)
        {
            issuer.Observe(baseUri);
        }

        return default;
    }
}
