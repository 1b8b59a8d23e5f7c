using Aict.ServiceDefaults.Revocation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

/// <summary>Registration of the Redis revocation list: the writer for IdentityServer, the local copy for resource servers.</summary>
public static class RevocationExtensions
{
    public const string ConnectionStringName = "redis";

    /// <summary>The Redis connection (<c>ConnectionStrings:redis</c>), the options and the writer.</summary>
    public static IHostApplicationBuilder AddRevocationList(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:{ConnectionStringName} is required: the revocation list lives in Redis (Garnet in the AppHost).");
        }

        builder.Services.AddOptions<RevocationOptions>().BindConfiguration(RevocationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        // AbortOnConnectFail=false: an unreachable Redis is retried in the background instead of failing start-up.
        builder.Services.TryAddSingleton<IConnectionMultiplexer>(_ =>
        {
            var options = ConfigurationOptions.Parse(connectionString);
            options.AbortOnConnectFail = false;
            return ConnectionMultiplexer.Connect(options);
        });
        builder.Services.TryAddSingleton<IRevocationWriter, RedisRevocationWriter>();
        return builder;
    }

    /// <summary>The local copy kept current from Redis, for a resource server that checks every request against it.</summary>
    public static IServiceCollection AddRevocationReader(this IServiceCollection services)
    {
        services.TryAddSingleton(provider => new RevocationCopy(
            provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<IOptions<RevocationOptions>>().Value.StalenessBound));
        services.AddHostedService<RevocationListSync>();
        services.AddHealthChecks().AddCheck<RevocationHealthCheck>("revocation-list");
        return services;
    }
}
