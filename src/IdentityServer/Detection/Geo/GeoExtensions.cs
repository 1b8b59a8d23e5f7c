using Aict.IdentityServer.Detection.Risk;

namespace Aict.IdentityServer.Detection.Geo;

internal static partial class GeoExtensions
{
    /// <summary>
    /// Where sign-ins come from: MaxMind's reader over <c>Detection:Geo:DatabasePath</c> when it is set (start-up refuses a
    /// path that does not open as a City database), else the embedded table in Development, else nothing at all.
    /// </summary>
    public static IHostApplicationBuilder AddIpLocations(this IHostApplicationBuilder builder)
    {
        var path = builder.Configuration[GeoOptions.Section + ":DatabasePath"];
        builder.Services.AddOptions<GeoOptions>().BindConfiguration(GeoOptions.Section)
            .Validate(options => string.IsNullOrWhiteSpace(options.DatabasePath) || MaxMindLocations.CanOpen(options.DatabasePath),
                $"Detection:Geo:DatabasePath names '{path}', which does not exist or is not a GeoIP2/GeoLite2 City database (.mmdb).")
            .ValidateOnStart();

        if (!string.IsNullOrWhiteSpace(path))
        {
            builder.Services.AddSingleton<IIpLocations>(_ => new MaxMindLocations(path));
        }
        else if (builder.Environment.IsDevelopment())
        {
            builder.Services.AddSingleton<IIpLocations, DevelopmentLocations>();
        }
        else
        {
            // The database needs a MaxMind licence and cannot ship with us; without it this one rule is off, loudly, rather than
            // the whole server refusing to start (Detection:ImpossibleTravel:Enabled=false silences the warning).
            builder.Services.AddSingleton<IIpLocations, NoLocations>();
            builder.Services.AddHostedService<MissingDatabaseWarning>();
        }

        return builder;
    }

    private sealed partial class MissingDatabaseWarning(
        Microsoft.Extensions.Options.IOptions<DetectionOptions> detection,
        Microsoft.Extensions.Options.IOptions<ImpossibleTravelOptions> travel,
        ILogger<MissingDatabaseWarning> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (detection.Value.Enabled && travel.Value.Enabled)
            {
                LogNoDatabase(logger);
            }

            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        [LoggerMessage(EventId = 5200, Level = LogLevel.Warning,
            Message = "Impossible-travel detection is off: Detection:Geo:DatabasePath names no GeoIP2/GeoLite2 City database. "
                + "Set it, or set Detection:ImpossibleTravel:Enabled=false to say that this is intended")]
        private static partial void LogNoDatabase(ILogger logger);
    }
}
