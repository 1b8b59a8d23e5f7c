using Yarp.ReverseProxy.Forwarder;

namespace Aict.Gateway.Proxy;

/// <summary>
/// The outermost proxy-pipeline step: a request the gateway could not forward gets a ProblemDetails answer with the status
/// that says why (503 with Retry-After when no instance is available), never an empty 502.
/// </summary>
internal sealed class ForwardingProblems(RequestDelegate next, GatewayMetrics metrics)
{
    /// <summary>About the time the health checks take to bring an instance back into the rotation.</summary>
    public const int RetryAfterSeconds = 5;

    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);
        // A client that went away reads no answer.
        if (context.Features.Get<IForwarderErrorFeature>() is not { } failure || context.Response.HasStarted
            || failure.Error is ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled)
        {
            return;
        }

        context.Response.Clear();
        if (failure.Error == ForwarderError.NoAvailableDestinations)
        {
            metrics.Unavailable(context.GetReverseProxyFeature().Cluster.Config.ClusterId);
        }

        await (failure.Error switch
        {
            ForwarderError.NoAvailableDestinations => GatewayProblem.WriteAsync(context, StatusCodes.Status503ServiceUnavailable,
                "Service unavailable", "No instance of this service is available right now.", RetryAfterSeconds),
            ForwarderError.RequestTimedOut => GatewayProblem.WriteAsync(context, StatusCodes.Status504GatewayTimeout,
                "Gateway timeout", "The service did not answer in time."),
            ForwarderError.RequestBodyClient when IsTooLarge(failure.Exception) => EdgeLimitExtensions.TooLargeAsync(context),
            ForwarderError.RequestBodyClient => GatewayProblem.WriteAsync(context, StatusCodes.Status400BadRequest,
                "Bad request", "The request body could not be read."),
            _ => GatewayProblem.WriteAsync(context, StatusCodes.Status502BadGateway,
                "Bad gateway", "The service could not be reached or did not answer properly."),
        });
    }

    private static bool IsTooLarge(Exception? exception) => exception switch
    {
        null => false,
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsTooLarge),
        _ => IsTooLarge(exception.InnerException),
    };
}
