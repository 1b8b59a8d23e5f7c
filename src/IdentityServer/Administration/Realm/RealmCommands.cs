using Aict.IdentityServer.Platform.Data;
using Aict.IdentityServer.Protocol;
using Aict.IdentityServer.Sessions.BackchannelLogout;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;

namespace Aict.IdentityServer.Administration.Realm;

/// <summary>
/// <c>realm export &lt;file&gt;</c>, <c>realm import &lt;file&gt;</c> and <c>admin create &lt;email&gt;</c>
/// (docs/realm.md): each returns the process exit code, 0 on success, 1 when it refused or failed.
/// </summary>
internal static partial class RealmCommands
{
    public const string Usage = """
        realm export <file> [--include-secrets] [--force]   write the realm (no secrets unless asked) to a new file
        realm import <file> [--prune]                       check the file, then apply all of it in one transaction
        admin create <email> [--issuer https://...] [--force]   make the first administrator; prints a one-time link
        """;

    public static bool Handles(IReadOnlyList<string> words) => words is ["realm", ..] or ["admin", ..];

    public static async Task<int> RunAsync(IServiceProvider services, IEnumerable<string> args, TextWriter output, TextWriter errors, CancellationToken cancellationToken = default)
    {
        var (arguments, problem) = OperatorArguments.Parse(args, ["force", "include-secrets", "prune"], ["issuer"]);
        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        switch (arguments?.Words)
        {
            case ["realm", "export", var file] when !arguments.Switches.Contains("prune"):
                return await ExportAsync(provider, file, arguments.Switches, output, errors, cancellationToken);
            case ["realm", "import", var file] when arguments.Switches.All(s => s == "prune"):
                return await ImportAsync(provider, file, arguments.Switches.Contains("prune"), output, errors, cancellationToken);
            case ["admin", "create", var email] when arguments.Switches.All(s => s == "force"):
                return await CreateAdministratorAsync(provider, email, arguments, output, errors, cancellationToken);
            default:
                await errors.WriteLineAsync((problem ?? "Unknown command or wrong arguments.") + "\nUsage:\n" + Usage);
                return 1;
        }
    }

    private static async Task<int> ExportAsync(
        IServiceProvider services, string file, IReadOnlySet<string> switches, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(file);
        if (File.Exists(path) && !switches.Contains("force"))
        {
            await errors.WriteLineAsync($"{path} exists; pass --force to replace it.");
            return 1;
        }

        var includeSecrets = switches.Contains("include-secrets");
        var (realm, withoutEmail) = await ActivatorUtilities.CreateInstance<RealmExport>(services).ReadAsync(includeSecrets, cancellationToken);
        await RealmFile.WriteAsync(path, RealmJson.Write(realm), cancellationToken);
        await output.WriteLineAsync(
            $"Exported {realm.Scopes.Count} scopes, {realm.Roles.Count} roles, {realm.Clients.Count} clients and {realm.Users.Count} users to {path} "
            + (includeSecrets ? "with password hashes (keep the file secret; it is readable by its owner only)." : "without secrets."));
        if (withoutEmail > 0)
        {
            await output.WriteLineAsync($"{withoutEmail} users without an e-mail address were left out: a realm file knows users by e-mail.");
        }

        return 0;
    }

    private static async Task<int> ImportAsync(
        IServiceProvider services, string file, bool prune, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        if (!File.Exists(file))
        {
            await errors.WriteLineAsync($"{Path.GetFullPath(file)} does not exist.");
            return 1;
        }

        if ((await services.GetRequiredService<ApplicationDbContext>().Database.GetPendingMigrationsAsync(cancellationToken)).Any())
        {
            await errors.WriteLineAsync("The identity database is not up to date: run the migrate command first.");
            return 1;
        }

        var problems = new List<RealmProblem>();
        var realm = RealmJson.Read(await File.ReadAllTextAsync(file, cancellationToken), problems);
        var logoutUris = LogoutUriRule.For(services.GetRequiredService<IHostEnvironment>(), services.GetRequiredService<IOptions<BackchannelLogoutOptions>>().Value);
        if (realm is not null)
        {
            await ActivatorUtilities.CreateInstance<RealmValidation>(services).CheckAsync(realm, logoutUris, prune, problems, cancellationToken);
        }

        if (problems.Count > 0)
        {
            await errors.WriteLineAsync($"{problems.Count} problem(s) in {file}; nothing was written:");
            foreach (var problem in problems)
            {
                await errors.WriteLineAsync("  " + problem);
            }

            return 1;
        }

        RealmImportResult result;
        try
        {
            result = await ActivatorUtilities.CreateInstance<RealmImport>(services).ApplyAsync(realm!, logoutUris, prune ? ActivatorUtilities.CreateInstance<RealmPrune>(services) : null, cancellationToken);
        }
        catch (Exception error) when (error is RealmImportException or DbUpdateException or OpenIddictExceptions.ValidationException
                                          or InvalidOperationException or ArgumentException)
        {
            await errors.WriteLineAsync($"The import failed and was rolled back; nothing was written: {error.GetBaseException().Message}");
            return 1;
        }

        var logger = services.GetRequiredService<ILogger<RealmImport>>();
        LogImported(logger, result.Created, result.Updated, result.Unchanged);
        await output.WriteLineAsync($"Imported {file}: {result.Created} created, {result.Updated} updated, {result.Unchanged} unchanged"
            + (prune ? $", {result.Deleted} deleted." : "."));
        foreach (var (clientId, secret) in result.GeneratedSecrets)
        {
            // Shown this once: the database keeps only its hash.
            await output.WriteLineAsync($"client_secret of {clientId} (shown once, store it now): {secret}");
        }

        return 0;
    }

    private static async Task<int> CreateAdministratorAsync(
        IServiceProvider services, string email, OperatorArguments arguments, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        var development = services.GetRequiredService<IHostEnvironment>().IsDevelopment();
        Uri? issuer;
        if (arguments.Options.TryGetValue("issuer", out var given))
        {
            issuer = Uri.TryCreate(given, UriKind.Absolute, out var uri) && ServerOptions.IsUsable(uri, development) ? ServerOptions.WithTrailingSlash(uri) : null;
            if (issuer is null)
            {
                await errors.WriteLineAsync($"--issuer {given} must be an absolute https URL without query or fragment (http only in Development).");
                return 1;
            }
        }
        else
        {
            try
            {
                issuer = services.GetRequiredService<IOptions<ServerOptions>>().Value.Issuer!;
            }
            catch (OptionsValidationException)
            {
                await errors.WriteLineAsync("Server:Issuer is not configured: set it, or pass --issuer https://id.example.com/ so that the link points at this server.");
                return 1;
            }
        }

        AdministratorBootstrapResult result;
        try
        {
            result = await ActivatorUtilities.CreateInstance<AdministratorBootstrap>(services)
                .CreateAsync(email, arguments.Switches.Contains("force"), issuer, cancellationToken);
        }
        catch (Exception error) when (error is RealmImportException or DbUpdateException)
        {
            await errors.WriteLineAsync($"The administrator could not be created; nothing was written: {error.GetBaseException().Message}");
            return 1;
        }

        if (result.Refusal is { } refusal)
        {
            await errors.WriteLineAsync(refusal);
            return 1;
        }

        var lifetime = services.GetRequiredService<IOptions<SignIn.PasswordReset.PasswordResetOptions>>().Value.LinkLifetime;
        await output.WriteLineAsync(
            $"{email} is an administrator{(result.ExistingAccount ? " (an existing account)" : string.Empty)}. "
            + $"Open this link within {lifetime.TotalMinutes:0} minutes to set the password; it works once:");
        await output.WriteLineAsync(result.Link!.AbsoluteUri);
        await output.WriteLineAsync("The first sign-in to administration then enrols a second factor (an authenticator app).");
        return 0;
    }

    [LoggerMessage(EventId = 1450, Level = LogLevel.Information, Message = "Realm imported: {Created} created, {Updated} updated, {Unchanged} unchanged")]
    private static partial void LogImported(ILogger logger, int created, int updated, int unchanged);
}
