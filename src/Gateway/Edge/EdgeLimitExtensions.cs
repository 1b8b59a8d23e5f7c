using System.Threading.RateLimiting;
using Aict.Gateway.Edge;
using Aict.Gateway;
using Aict.ServiceDefaults.Edge;
using Aict.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>The request-size and per-address rate limits every proxied request passes first.</summary>
public static class EdgeLimitExtensions
{
    private const string OwnEndpoints = "gateway";

    public static WebApplicationBuilder AddEdgeLimits(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<EdgeLimitOptions>()
            .BindConfiguration(EdgeLimitOptions.Section)
            .ValidateDataAnnotations()
            .Validate(options => options.RateLimit.PermitsPerSecond >= 0,
                "Gateway:RateLimit:PermitsPerSecond must be 0 (no limit) or a positive number of requests per second.")
            .Validate(options => !options.RateLimit.Enabled || options.RateLimit.Burst >= 1,
                "Gateway:RateLimit:Burst must be at least 1 while Gateway:RateLimit:PermitsPerSecond is set.")
            .ValidateOnStart();

        // Kestrel cuts a chunked body that grows past the limit; a declared length is refused before forwarding (UseEdgeLimits).
        builder.Services.AddOptions<KestrelServerOptions>()
            .Configure<IOptions<EdgeLimitOptions>>((kestrel, edge) => kestrel.Limits.MaxRequestBodySize = edge.Value.MaxRequestBodyBytes);

        builder.Services.AddRateLimiter(limiter => limiter.OnRejected = RejectAsync);
        builder.Services.AddOptions<RateLimiterOptions>()
            .Configure<IOptions<EdgeLimitOptions>, IOptions<MetricsOptions>>((limiter, edge, metrics) =>
            {
                var rate = edge.Value.RateLimit;
                var own = new[] { "/health", "/alive", metrics.Value.Path };
                limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                    own.Any(path => context.Request.Path.Equals(path, StringComparison.OrdinalIgnoreCase))
                        ? RateLimitPartition.GetNoLimiter(OwnEndpoints)
                        : RateLimitPartition.GetTokenBucketLimiter(ClientAddress.CountingKey(context.Connection.RemoteIpAddress), _ => new TokenBucketRateLimiterOptions
                        {
                            TokenLimit = rate.Burst,
                            TokensPerPeriod = rate.PermitsPerSecond,
                            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                            QueueLimit = 0,
                            AutoReplenishment = true,
                        }));
            });
        return builder;
    }

    /// <summary>Refuses an oversized body and an address over its rate; call it right after <c>UseTrustedProxies</c>.</summary>
    public static WebApplication UseEdgeLimits(this WebApplication app)
    {
        var limits = app.Services.GetRequiredService<IOptions<EdgeLimitOptions>>().Value;
        app.Use((context, next) => context.Request.ContentLength > limits.MaxRequestBodyBytes
            ? TooLargeAsync(context)
            : next(context));
        if (limits.RateLimit.Enabled)
        {
            app.UseRateLimiter();
        }

        return app;
    }

    internal static Task TooLargeAsync(HttpContext context) => GatewayProblem.WriteAsync(context, StatusCodes.Status413PayloadTooLarge,
        "Request body too large", "The request body is larger than the gateway accepts.");

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
        await GatewayProblem.WriteAsync(rejected.HttpContext, StatusCodes.Status429TooManyRequests, "Too many requests",
            "This address sent more requests than the gateway accepts; try again after the time in Retry-After.",
            Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)));
    }
}
