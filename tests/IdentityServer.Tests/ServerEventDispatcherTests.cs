using Aict.IdentityServer.Protocol.HotPath;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Aict.IdentityServer.Tests;

/// <summary>The dispatcher that picks each event's handlers once: OpenIddict's order, filters and early stops kept.</summary>
public sealed class ServerEventDispatcherTests
{
    private readonly List<string> _ran = [];

    [Fact]
    public async Task An_event_runs_its_own_handlers_in_order_and_no_other_events_handlers()
    {
        var dispatcher = DispatcherWith(new ServerEventPlans(),
            Handler<ProcessRequestContext>("first"), Handler<ProcessErrorContext>("error"), Handler<ProcessRequestContext>("second"));

        await dispatcher.DispatchAsync(Request());

        Assert.Equal(["first", "second"], _ran);
    }

    [Fact]
    public async Task A_handler_that_handles_the_request_is_the_last_to_run()
    {
        var handles = OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessRequestContext>()
            .UseInlineHandler(context =>
            {
                _ran.Add("handles");
                context.HandleRequest();
                return ValueTask.CompletedTask;
            })
            .Build();
        var dispatcher = DispatcherWith(new ServerEventPlans(), Handler<ProcessRequestContext>("first"), handles, Handler<ProcessRequestContext>("after"));

        await dispatcher.DispatchAsync(Request());

        Assert.Equal(["first", "handles"], _ran);
    }

    [Fact]
    public async Task A_handler_whose_filter_says_no_is_passed_over_at_that_dispatch_only()
    {
        var filter = new Switch();
        var filtered = OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessRequestContext>()
            .AddFilter<Switch>()
            .UseInlineHandler(_ =>
            {
                _ran.Add("filtered");
                return ValueTask.CompletedTask;
            })
            .Build();
        var dispatcher = DispatcherWith(new ServerEventPlans(), services => services.AddSingleton(filter), filtered, Handler<ProcessRequestContext>("always"));

        await dispatcher.DispatchAsync(Request());
        filter.On = true;
        await dispatcher.DispatchAsync(Request());

        Assert.Equal(["always", "filtered", "always"], _ran);
    }

    [Fact]
    public async Task A_handler_that_throws_ends_the_dispatch_with_its_exception()
    {
        var throws = OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessRequestContext>()
            .UseInlineHandler(_ => throw new InvalidOperationException("handler broke"))
            .Build();
        var dispatcher = DispatcherWith(new ServerEventPlans(), throws, Handler<ProcessRequestContext>("after"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await dispatcher.DispatchAsync(Request()));

        Assert.Equal("handler broke", error.Message);
        Assert.Empty(_ran);
    }

    [Fact]
    public async Task Another_handler_list_in_the_options_is_followed()
    {
        var plans = new ServerEventPlans();
        await DispatcherWith(plans, Handler<ProcessRequestContext>("old")).DispatchAsync(Request());

        await DispatcherWith(plans, Handler<ProcessRequestContext>("new")).DispatchAsync(Request());

        Assert.Equal(["old", "new"], _ran);
    }

    private OpenIddictServerHandlerDescriptor Handler<TContext>(string name) where TContext : BaseContext =>
        OpenIddictServerHandlerDescriptor.CreateBuilder<TContext>()
            .UseInlineHandler(_ =>
            {
                _ran.Add(name);
                return ValueTask.CompletedTask;
            })
            .Build();

    private static ServerEventDispatcher DispatcherWith(ServerEventPlans plans, params OpenIddictServerHandlerDescriptor[] handlers) =>
        DispatcherWith(plans, _ => { }, handlers);

    private static ServerEventDispatcher DispatcherWith(
        ServerEventPlans plans, Action<IServiceCollection> register, params OpenIddictServerHandlerDescriptor[] handlers)
    {
        var options = new OpenIddictServerOptions();
        options.Handlers.Clear();
        options.Handlers.AddRange(handlers);
        var services = new ServiceCollection();
        register(services);
        return new ServerEventDispatcher(NullLogger<ServerEventDispatcher>.Instance, new FixedOptions(options), plans, services.BuildServiceProvider());
    }

    private static ProcessRequestContext Request() => new(new OpenIddictServerTransaction());

    private sealed class Switch : IOpenIddictServerHandlerFilter<ProcessRequestContext>
    {
        public bool On { get; set; }

        public ValueTask<bool> IsActiveAsync(ProcessRequestContext context) => ValueTask.FromResult(On);
    }

    private sealed class FixedOptions(OpenIddictServerOptions value) : IOptionsMonitor<OpenIddictServerOptions>
    {
        public OpenIddictServerOptions CurrentValue => value;

        public OpenIddictServerOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<OpenIddictServerOptions, string?> listener) => null;
    }
}
