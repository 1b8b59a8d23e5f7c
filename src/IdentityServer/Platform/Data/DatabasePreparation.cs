using Aict.IdentityServer.Administration.Seeding;
using Aict.IdentityServer.Protocol.Signing;

namespace Aict.IdentityServer.Platform.Data;

internal static class DatabasePreparation
{
    /// <summary>Migrates, seeds scopes (and the demo realm in Development), and loads the token keys.</summary>
    public static async Task PrepareIdentityDatabaseAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        var seed = app.Configuration.GetSection(SeedOptions.Section).Get<SeedOptions>() ?? new();
        if (seed.Demo && !app.Environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                "Seed:Demo=true is only allowed in the Development environment: the demo realm has published passwords and secrets.");
        }

        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        await services.MigrateServiceDatabaseAsync<ApplicationDbContext>(cancellationToken);
        await ActivatorUtilities.CreateInstance<ScopeSeeder>(services).SeedAsync(cancellationToken);
        if (seed.Demo)
        {
            await ActivatorUtilities.CreateInstance<DemoRealmSeeder>(services).SeedAsync(cancellationToken);
        }

        await services.GetRequiredService<KeyStore>().PrepareAsync(cancellationToken);
    }
}
