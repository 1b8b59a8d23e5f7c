using System.ComponentModel.DataAnnotations;
using Aict.CommerceApi.Orders.Payments;
using Aict.CommerceApi.Orders.Saga;
using Aict.CommerceApi.Orders.Shipping;

namespace Aict.CommerceApi.Orders;

/// <summary>Settings of the order saga (section <c>Orders</c>).</summary>
public sealed class OrdersOptions
{
    public const string Section = "Orders";

    /// <summary>How often the saga runner looks for unfinished orders when no new order woke it.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan SagaPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Per ISO 4217 currency, the order total above which the user must have signed in with MFA (RFC 9470 step-up).
    /// An order in a currency missing here always needs MFA: a forgotten entry asks too much, never too little.
    /// </summary>
    public Dictionary<string, decimal> MfaRequiredAbove { get; init; } = new(StringComparer.OrdinalIgnoreCase);
}

internal static class OrdersExtensions
{
    /// <summary>Order placement, the saga and its runner, and the local payment gateway and carrier.</summary>
    public static IHostApplicationBuilder AddOrders(this IHostApplicationBuilder builder)
    {
        if (builder.Environment.IsProduction())
        {
            // The local gateway approves every payment; it must never take real orders.
            throw new InvalidOperationException("Orders have only local payment and shipping adapters, which are for Development and tests, not Production.");
        }

        builder.Services.AddOptions<OrdersOptions>().BindConfiguration(OrdersOptions.Section).ValidateDataAnnotations()
            .Validate(options => options.MfaRequiredAbove.All(limit => IsCurrencyCode(limit.Key) && limit.Value >= 0),
                $"{OrdersOptions.Section}:{nameof(OrdersOptions.MfaRequiredAbove)} must map ISO 4217 codes (such as KRW) to amounts of at least 0.")
            .ValidateOnStart();
        builder.Services.AddSingleton<LocalPaymentGateway>();
        builder.Services.AddSingleton<IPaymentGateway>(sp => sp.GetRequiredService<LocalPaymentGateway>());
        builder.Services.AddSingleton<LocalShippingProvider>();
        builder.Services.AddSingleton<IShippingProvider>(sp => sp.GetRequiredService<LocalShippingProvider>());
        builder.Services.AddSingleton<SagaFaults>();
        builder.Services.AddSingleton<OrderSagaSignal>();
        builder.Services.AddScoped<OrderPlacement>();
        builder.Services.AddSingleton<LargeOrderStepUp>();
        builder.Services.AddScoped<OrderSaga>();
        builder.Services.AddScoped<OrderCancellation>();
        builder.Services.AddHostedService<OrderSagaRunner>();
        return builder;
    }

    private static bool IsCurrencyCode(string code) => code.Length == 3 && code.All(char.IsAsciiLetterUpper);
}
