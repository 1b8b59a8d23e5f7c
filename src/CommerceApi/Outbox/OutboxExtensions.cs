using System.ComponentModel.DataAnnotations;

namespace Aict.CommerceApi.Outbox;

/// <summary>Settings of the outbox publisher (section <c>Outbox</c>).</summary>
public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    /// <summary>How often the publisher looks for messages when nobody signalled it.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);
}

internal static class OutboxExtensions
{
    /// <summary>The outbox publisher and the local event publisher it hands messages to.</summary>
    public static IHostApplicationBuilder AddOutbox(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<OutboxOptions>().BindConfiguration(OutboxOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<LocalEventPublisher>();
        builder.Services.AddSingleton<IEventPublisher>(sp => sp.GetRequiredService<LocalEventPublisher>());
        builder.Services.AddHostedService<OutboxPublisher>();
        return builder;
    }
}
