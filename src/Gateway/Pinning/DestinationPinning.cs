using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Model;

namespace Aict.Gateway.Pinning;

/// <summary>
/// A proxy-pipeline step: with pinning on, a request naming a destination of its cluster goes to that destination only,
/// whatever its health, so a test reaches exactly the instance it means. The header never reaches a service.
/// </summary>
internal sealed partial class DestinationPinning(RequestDelegate next, IOptions<PinningOptions> options, ILogger<DestinationPinning> logger)
{
    public const string HeaderName = "X-Aict-Destination";

    public Task InvokeAsync(HttpContext context)
    {
        var name = context.Request.Headers[HeaderName].ToString();
        if (!options.Value.Enabled || name.Length == 0)
        {
            return next(context);
        }

        var proxy = context.GetReverseProxyFeature();
        var pinned = proxy.AllDestinations.FirstOrDefault(destination => string.Equals(destination.DestinationId, name, StringComparison.OrdinalIgnoreCase));
        if (pinned is null)
        {
            LogUnknownDestination(logger, proxy.Cluster.Config.ClusterId);
            return GatewayProblem.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "Destination not available",
                $"No destination of that name serves this request ({HeaderName}).");
        }

        proxy.AvailableDestinations = [pinned];
        return next(context);
    }

    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "A request pinned to a destination that cluster {ClusterId} does not have was refused.")]
    private static partial void LogUnknownDestination(ILogger logger, string clusterId);
}
