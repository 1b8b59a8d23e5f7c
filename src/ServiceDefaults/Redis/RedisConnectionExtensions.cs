using Aict.ServiceDefaults.Redis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

/// <summary>The service's one Redis connection (<c>ConnectionStrings:redis</c> and the <c>Redis</c> section), shared by every feature that needs it.</summary>
public static class RedisConnectionExtensions
{
    public const string ConnectionStringName = "redis";

    /// <summary>
    /// Registers the <see cref="IConnectionMultiplexer"/>, once however many features ask. Start-up stops, naming the
    /// setting, without a connection string (<paramref name="neededFor"/> says why it is needed) or with an unsafe one.
    /// </summary>
    public static IHostApplicationBuilder AddRedisConnection(this IHostApplicationBuilder builder, string neededFor)
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException($"ConnectionStrings:{ConnectionStringName} is required: {neededFor}.");
        }

        if (!builder.Properties.TryAdd(typeof(RedisConnectionExtensions), true))
        {
            return builder;
        }

        var settings = builder.Configuration.GetSection(RedisOptions.Section).Get<RedisOptions>() ?? new RedisOptions();
        // Built now, so that an unsafe or unreadable setting stops start-up rather than the first request.
        var options = RedisConnection.Configure(connectionString, settings, builder.Environment.IsDevelopment());
        builder.Services.TryAddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(options));
        builder.Services.AddHostedService<RedisConnectionMetrics>();
        return builder;
    }
}
