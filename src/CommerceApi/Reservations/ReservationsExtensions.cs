namespace Aict.CommerceApi.Reservations;

internal static class ReservationsExtensions
{
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
                // Shared with the revocation reader, which connects at start-up: a burst of first holds does not queue on it.
                builder.AddRedisConnection($"{ReservationOptions.Section}:Strategy RedisLock keeps its slot locks in Redis");
                builder.Services.AddSingleton<RedisSlotLock>();
                builder.Services.AddScoped<ISlotLedger, RedisLockSlotLedger>();
                break;
            default:
                throw new InvalidOperationException($"{ReservationOptions.Section}:Strategy '{strategy}' is not supported; use Optimistic, Pessimistic or RedisLock.");
        }

        return builder;
    }
}
