using Aict.SsoPortal.Authentication;
using Aict.SsoPortal.Sessions;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Aict.SsoPortal.Extensions;

internal static class RedisExtensions
{
    /// <summary>
    /// Redis (<c>ConnectionStrings:redis</c>) holds what every portal instance must share: the session
    /// tickets, the sid index, seen logout tokens and the Data Protection key ring that encrypts cookies.
    /// </summary>
    public static IHostApplicationBuilder AddPortalRedis(this IHostApplicationBuilder builder)
    {
        builder.AddRedisConnection("the portal keeps its sessions in Redis (Garnet in the AppHost)");
        builder.Services.AddOptions<PortalOptions>().BindConfiguration(PortalOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);

        // Several instances behind a load balancer must read each other's cookies: one key ring, in Redis, encrypted.
        builder.AddProtectedKeyRing("aict-sso-portal");
        builder.Services.AddOptions<KeyManagementOptions>()
            .Configure<IConnectionMultiplexer, IOptions<PortalOptions>>((keys, redis, portal) =>
                keys.XmlRepository = new RedisXmlRepository(() => redis.GetDatabase(), portal.Value.KeyPrefix + "data-protection-keys"));

        builder.Services.AddSingleton<RedisTicketStore>();
        builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis");
        return builder;
    }
}
