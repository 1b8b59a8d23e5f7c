using StackExchange.Redis;

namespace Aict.CommerceApi.Reservations;

internal static class ReservationsExtensions
{
    private const string RedisConnectionStringName = "redis";

    /// <summary>The slot ledger of the configured strategy (<c>Reservations:Strategy</c>) and the lapsed-hold sweeper.</summary>
    public static IHostApplicationBuilder AddReservations(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ReservationOptions>().BindConfiguration(ReservationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHostedService<ExpiredHoldSweeper>();

        var strategy = builder.Configuration.GetValue($"{ReservationOptions.Section}:{nameof(ReservationOptions.Strategy)}", ReservationStrategy.Optimistic);
        switch (strategy)
        {
            case ReservationStrategy.Optimistic:
                builder.Services.AddScoped<ISlotLedger, OptimisticSlotLedger>();
                break;
            case ReservationStrategy.Pessimistic:
                builder.Services.AddScoped<ISlotLedger, PessimisticSlotLedger>();
                break;
            case ReservationStrategy.RedisLock:
                var redis = builder.Configuration.GetConnectionString(RedisConnectionStringName);
                if (string.IsNullOrWhiteSpace(redis))
                {
                    throw new InvalidOperationException(
                        $"ConnectionStrings:{RedisConnectionStringName} is required when {ReservationOptions.Section}:Strategy is RedisLock.");
                }

                // Connected once at start-up, not on the first hold: a burst of first requests must not queue on it.
                // AbortOnConnectFail=false: an unreachable Redis is retried in the background; holds wait, then 409.
                var redisOptions = ConfigurationOptions.Parse(redis);
                redisOptions.AbortOnConnectFail = false;
                builder.Services.AddSingleton<IConnectionMultiplexer>(ConnectionMultiplexer.Connect(redisOptions));
                builder.Services.AddSingleton<RedisSlotLock>();
                builder.Services.AddScoped<ISlotLedger, RedisLockSlotLedger>();
                break;
            default:
                throw new InvalidOperationException($"{ReservationOptions.Section}:Strategy '{strategy}' is not supported; use Optimistic, Pessimistic or RedisLock.");
        }

        return builder;
    }
}
