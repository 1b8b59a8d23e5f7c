using Aict.ServiceDefaults.Caching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.Hosting;

/// <summary>Cache invalidation across every instance of the realm (<see cref="CacheInvalidation"/>), over the service's Redis connection.</summary>
public static class CacheInvalidationExtensions
{
    public static IHostApplicationBuilder AddCacheInvalidation(this IHostApplicationBuilder builder)
    {
        builder.AddRedisConnection("caches are invalidated on every instance through Redis (Garnet in the AppHost)");
        builder.Services.AddOptions<CacheInvalidationOptions>().BindConfiguration(CacheInvalidationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton<CacheInvalidation>();
        return builder;
    }
}
