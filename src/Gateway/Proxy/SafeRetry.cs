using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace Aict.Gateway.Proxy;

/// <summary>
/// A proxy-pipeline step that sends a request once more, to another destination, only when that cannot do harm: a GET or
/// HEAD without a body whose destination could not be reached or dropped the connection before any response began
/// (an instance just killed, not yet out of the rotation). A POST (so every token request) is never repeated, nor a request
/// whose response has started, nor one that timed out (its instance may still be working on it).
/// </summary>
internal sealed partial class SafeRetry(RequestDelegate next, GatewayMetrics metrics, ILogger<SafeRetry> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!IsSafeToRepeat(context.Request))
        {
            await next(context);
            return;
        }

        var proxy = context.GetReverseProxyFeature();
        var candidates = proxy.AvailableDestinations;
        await next(context);

        if (context.Features.Get<IForwarderErrorFeature>() is not { Error: ForwarderError.Request }
            || context.Response.HasStarted
            || proxy.ProxiedDestination is not { } failed)
        {
            return;
        }

        var others = candidates.Where(destination => !ReferenceEquals(destination, failed)).ToArray();
        if (others.Length == 0)
        {
            return;
        }

        LogRetrying(logger, context.Request.Method, proxy.Cluster.Config.ClusterId, failed.DestinationId);
        metrics.Retried(proxy.Cluster.Config.ClusterId);
        context.Features.Set<IForwarderErrorFeature>(null);
        context.Response.Clear();
        proxy.AvailableDestinations = others;
        await next(context);
    }

    private static bool IsSafeToRepeat(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        && request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestBodyDetectionFeature>()?.CanHaveBody != true;

    [LoggerMessage(EventId = 6000, Level = LogLevel.Information,
        Message = "A {Method} request to cluster {ClusterId} is sent to another destination: {DestinationId} could not be reached.")]
    private static partial void LogRetrying(ILogger logger, string method, string clusterId, string destinationId);
}
