using Aict.CommerceApi.Data;

namespace Aict.CommerceApi.Extensions;

internal static class DatabaseExtensions
{
    /// <summary>The commerce database on SQLite (default) or PostgreSQL.</summary>
    public static IHostApplicationBuilder AddCommerceDatabase(this IHostApplicationBuilder builder) =>
        builder.AddServiceDatabase<CommerceDbContext, SqliteCommerceDbContext, PostgresCommerceDbContext>(
            connectionName: "commerce", defaultSqliteFile: "aict-commerce.db");

    /// <summary>
    /// The operator command <c>migrate</c> (<c>dotnet CommerceApi.dll migrate</c>, the deployment's migration Job): its exit
    /// code, or null when the arguments name no command and the API should run.
    /// </summary>
    public static async Task<int?> RunCommandAsync(this WebApplication app, string[] args) =>
        args.SkipWhile(arg => arg == "--").FirstOrDefault() == "migrate"
            ? await app.Services.RunMigrateCommandAsync<CommerceDbContext>("commerce", Console.Out, Console.Error)
            : null;

    public static async Task PrepareCommerceDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.MigrateServiceDatabaseAsync<CommerceDbContext>();
    }
}
