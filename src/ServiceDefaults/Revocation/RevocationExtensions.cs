using Aict.ServiceDefaults.Revocation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The Redis revocation list: <see cref="AddRevocationWriter"/> for the server that revokes (IdentityServer),
/// <see cref="AddRevocationReader"/> for every service that checks tokens against it (resource servers, and
/// IdentityServer for its own access tokens). Either brings the Redis connection (<see cref="RedisConnectionExtensions"/>).
/// Each side has its folder (<c>Reader/</c>, <c>Writer/</c>); both share this namespace, the one a service imports.
/// </summary>
public static class RevocationExtensions
{
    /// <summary>Puts what is revoked on the list and publishes it on the channel.</summary>
    public static IHostApplicationBuilder AddRevocationWriter(this IHostApplicationBuilder builder)
    {
        builder.AddRevocationRedis();
        builder.Services.TryAddSingleton<IRevocationWriter, RedisRevocationWriter>();
        return builder;
    }

    /// <summary>A local copy of the list kept current from the channel, checked on every request with no network hop.</summary>
    public static IHostApplicationBuilder AddRevocationReader(this IHostApplicationBuilder builder)
    {
        builder.AddRevocationRedis();
        builder.Services.TryAddSingleton(provider => new RevocationCopy(
            provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<IOptions<RevocationOptions>>().Value.StalenessBound));
        builder.Services.AddHostedService<RevocationListSync>();
        builder.Services.AddHealthChecks().AddCheck<RevocationHealthCheck>("revocation-list");
        return builder;
    }

    private static void AddRevocationRedis(this IHostApplicationBuilder builder)
    {
        if (!builder.Properties.TryAdd(typeof(RevocationExtensions), true))
        {
            return;
        }

        builder.AddRedisConnection("the revocation list lives in Redis (Garnet in the AppHost)");
        builder.Services.AddOptions<RevocationOptions>().BindConfiguration(RevocationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
    }
}
