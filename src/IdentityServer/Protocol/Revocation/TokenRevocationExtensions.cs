using Aict.IdentityServer.Protocol.Tokens;
using OpenIddict.Server;

namespace Aict.IdentityServer.Protocol.Revocation;

internal static class TokenRevocationExtensions
{
    /// <summary>
    /// Everything this server revokes also goes on the Redis revocation list that resource servers check. Access and
    /// ID tokens get no token row: revoking an access token lists its id, and this server checks its own access tokens
    /// against its local copy of the list, as resource servers do.
    /// </summary>
    public static OpenIddictBuilder AddTokenRevocation(this OpenIddictBuilder builder)
    {
        builder.AddCore(core => core.ReplaceTokenManager(typeof(PublishingTokenManager<>)));
        builder.AddServer(server => server
            .AddEventHandler(SelfContainedTokens.Descriptor)
            .RemoveEventHandler(OpenIddictServerHandlers.Revocation.RevokeToken.Descriptor)
            .AddEventHandler(SelfContainedTokenRevocation.Descriptor)
            .AddEventHandler(SelfContainedTokenCheck.ServerDescriptor));
        builder.Services.AddSingleton<RevocationPublisher>();
        // What Redis does not take is kept in the database and retried until it does.
        builder.Services.AddOptions<RevocationOutboxOptions>().BindConfiguration(RevocationOutboxOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<RevocationOutbox>();
        builder.Services.AddHostedService<RevocationOutboxRelay>();
        return builder;
    }
}
