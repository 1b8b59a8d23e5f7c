namespace Aict.IdentityServer.Platform.Pruning;

internal static class PruningExtensions
{
    /// <summary>Bounded tables: expired and finished rows deleted on a schedule, one instance at a time.</summary>
    public static IHostApplicationBuilder AddTablePruning(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PruningOptions>().BindConfiguration(PruningOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<PruningLock>();
        builder.Services.AddScoped<TablePruning>();
        builder.Services.AddHostedService<PruningService>();
        return builder;
    }
}
