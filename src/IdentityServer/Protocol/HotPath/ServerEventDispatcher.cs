using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Aict.IdentityServer.Protocol.HotPath;

/// <summary>
/// OpenIddict's event dispatcher with each event's handlers picked out once, where OpenIddict's own walks every
/// registered handler (several hundred) at each of a request's twenty-odd events (docs/performance.md#event-dispatcher).
/// The rest is OpenIddict's behaviour unchanged: handlers in their
/// sorted order, their filters asked at each dispatch, handlers resolved from the request's services, and dispatch
/// stopping once a handler handled, skipped or rejected the request.
/// </summary>
public sealed partial class ServerEventDispatcher(
    ILogger<ServerEventDispatcher> logger,
    IOptionsMonitor<OpenIddictServerOptions> options,
    ServerEventPlans plans,
    IServiceProvider services) : IOpenIddictServerDispatcher
{
    public async ValueTask DispatchAsync<TContext>(TContext context) where TContext : BaseContext
    {
        ArgumentNullException.ThrowIfNull(context);

        foreach (var descriptor in plans.For<TContext>(options.CurrentValue.Handlers))
        {
            if (!await IsActiveAsync(descriptor, context))
            {
                continue;
            }

            var handler = Resolve<TContext>(descriptor);
            try
            {
                await handler.HandleAsync(context);
            }
            catch (Exception exception) when (logger.IsEnabled(LogLevel.Debug))
            {
                var eventName = typeof(TContext).Name;
                var handlerName = handler.GetType().FullName;
                HandlerFailed(logger, exception, eventName, handlerName);
                throw;
            }

            var stoppedBecause = context switch
            {
                BaseRequestContext { IsRequestHandled: true } => "handled the request",
                BaseRequestContext { IsRequestSkipped: true } => "skipped the request",
                BaseValidatingContext { IsRejected: true } => "rejected the request",
                _ => null,
            };
            if (stoppedBecause is not null)
            {
                if (logger.IsEnabled(LogLevel.Debug))
                {
                    var eventName = typeof(TContext).Name;
                    var handlerName = handler.GetType().FullName;
                    DispatchStopped(logger, eventName, handlerName, stoppedBecause);
                }

                return;
            }
        }
    }

    private async ValueTask<bool> IsActiveAsync<TContext>(OpenIddictServerHandlerDescriptor descriptor, TContext context)
        where TContext : BaseContext
    {
        foreach (var filterType in descriptor.FilterTypes)
        {
            if (services.GetService(filterType) is not IOpenIddictServerHandlerFilter<TContext> filter)
            {
                throw new InvalidOperationException($"The handler filter {filterType} is not registered as a service.");
            }

            if (!await filter.IsActiveAsync(context))
            {
                return false;
            }
        }

        return true;
    }

    private IOpenIddictServerHandler<TContext> Resolve<TContext>(OpenIddictServerHandlerDescriptor descriptor)
        where TContext : BaseContext =>
        descriptor.ServiceDescriptor.ImplementationInstance as IOpenIddictServerHandler<TContext>
        ?? services.GetService(descriptor.ServiceDescriptor.ServiceType) as IOpenIddictServerHandler<TContext>
        ?? throw new InvalidOperationException(
            $"The handler {descriptor.ServiceDescriptor.ServiceType} is not registered as a service.");

    [LoggerMessage(EventId = 3301, Level = LogLevel.Debug, Message = "{EventName}: {HandlerName} threw.")]
    private static partial void HandlerFailed(ILogger logger, Exception exception, string eventName, string? handlerName);

    [LoggerMessage(EventId = 3300, Level = LogLevel.Debug, Message = "{EventName}: {HandlerName} {Outcome}; no further handler runs.")]
    private static partial void DispatchStopped(ILogger logger, string eventName, string? handlerName, string outcome);
}

/// <summary>
/// The handlers of each OpenIddict server event, in OpenIddict's order, picked out of the registered handlers at the
/// first dispatch of that event; picked out afresh when the options hold another handler list.
/// </summary>
public sealed class ServerEventPlans
{
    private Plan? _plan;

    public OpenIddictServerHandlerDescriptor[] For<TContext>(List<OpenIddictServerHandlerDescriptor> handlers)
        where TContext : BaseContext
    {
        var plan = Volatile.Read(ref _plan);
        if (plan is null || !ReferenceEquals(plan.Handlers, handlers) || plan.Count != handlers.Count)
        {
            plan = new Plan(handlers, handlers.Count);
            Volatile.Write(ref _plan, plan);
        }

        return plan.ByEvent.GetOrAdd(typeof(TContext), static (type, all) => [.. all.Where(d => d.ContextType == type)], plan.Handlers);
    }

    private sealed record Plan(List<OpenIddictServerHandlerDescriptor> Handlers, int Count)
    {
        public ConcurrentDictionary<Type, OpenIddictServerHandlerDescriptor[]> ByEvent { get; } = new();
    }
}
