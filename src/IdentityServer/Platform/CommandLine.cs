using Aict.IdentityServer.Administration.Realm;
using Aict.IdentityServer.Platform.Data;
using Aict.IdentityServer.Protocol.Signing;

namespace Aict.IdentityServer.Platform;

/// <summary>
/// Operator commands run instead of the server: <c>migrate</c> applies the database migrations;
/// <c>keys list</c> shows the token keys; <c>keys rotate</c> publishes the next signing key; <c>realm export</c>,
/// <c>realm import</c> and <c>admin create</c> bootstrap a deployment (<see cref="RealmCommands"/>). A leading
/// <c>--</c> is allowed (<c>dotnet IdentityServer.dll -- realm import realm.json</c>).
/// </summary>
internal static class CommandLine
{
    /// <summary>The command's exit code, or null when the arguments name no command and the server should run.</summary>
    public static async Task<int?> RunCommandAsync(this WebApplication app, string[] args)
    {
        var words = args.SkipWhile(a => a == "--").TakeWhile(a => !a.StartsWith('-')).ToList();
        if (RealmCommands.Handles(words))
        {
            return await RealmCommands.RunAsync(app.Services, args, Console.Out, Console.Error);
        }

        var command = string.Join(' ', words);
        if (command == "migrate")
        {
            return await app.Services.RunMigrateCommandAsync<ApplicationDbContext>("identity", Console.Out, Console.Error);
        }

        if (command is not ("keys list" or "keys rotate"))
        {
            return null;
        }

        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        switch (command)
        {
            case "keys rotate":
                foreach (var next in await services.GetRequiredService<KeyStore>().ScheduleNextSigningKeysAsync())
                {
                    Console.WriteLine($"Published {next.Id} ({next.Algorithm}); it signs from {next.ActivatesAt:O}.");
                }

                Console.WriteLine("Running instances publish the new keys in their JWKS now; an instance that was not running loads them when it starts.");
                break;
            default:
                foreach (var key in await services.GetRequiredService<KeyStore>().LoadLiveKeysAsync())
                {
                    Console.WriteLine($"{key.Id,-8} {key.Algorithm,-7} created {key.CreatedAt:O}  active from {key.ActivatesAt:O}");
                }

                break;
        }

        return 0;
    }
}
