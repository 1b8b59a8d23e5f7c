using Aict.IdentityServer.Protocol.Registration;
using Aict.IdentityServer.SignIn.Mfa.Totp;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore.Identity;
using OpenIddict.Abstractions;
using OtpNet;

namespace Aict.IdentityServer.Administration.Seeding;

/// <summary>
/// Creates the demo users when they are missing (never touching existing ones) and keeps the demo clients
/// as the code defines them, so that a developer's existing database picks up new client settings; adds the
/// demo initial access token when missing.
/// </summary>
internal sealed partial class DemoRealmSeeder(
    UserManager<ApplicationUser> users,
    RoleManager<IdentityRole> roles,
    IOpenIddictApplicationManager applications,
    TotpEnrolment authenticators,
    InitialAccessTokens initialAccessTokens,
    ILogger<DemoRealmSeeder> logger)
{
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        if (!await roles.RoleExistsAsync(DemoUsers.AdminRole))
        {
            EnsureSucceeded(await roles.CreateAsync(new IdentityRole(DemoUsers.AdminRole)), DemoUsers.AdminRole);
        }

        foreach (var (user, password, userRoles) in DemoUsers.All())
        {
            if (await users.FindByEmailAsync(user.Email!) is not null)
            {
                continue;
            }

            EnsureSucceeded(await users.CreateAsync(user, password), user.Email!);
            if (userRoles.Length > 0)
            {
                EnsureSucceeded(await users.AddToRolesAsync(user, userRoles), user.Email!);
            }
        }

        // Only for a user without an authenticator: a developer who re-enrolled one keeps their own.
        foreach (var (email, secret) in DemoUsers.Authenticators())
        {
            if (await users.FindByEmailAsync(email) is { } user)
            {
                await authenticators.EnrolConfirmedAsync(user, Base32Encoding.ToBytes(secret), cancellationToken);
            }
        }

        foreach (var client in DemoClients.All())
        {
            if (await applications.FindByClientIdAsync(client.ClientId!, cancellationToken) is { } existing)
            {
                await applications.UpdateAsync(existing, client, cancellationToken);
            }
            else
            {
                await applications.CreateAsync(client, cancellationToken);
            }
        }

        await DemoInitialAccessToken.EnsureAsync(initialAccessTokens, cancellationToken);
        LogSeeded(logger);
    }

    private static void EnsureSucceeded(IdentityResult result, string subject)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(
                $"Seeding '{subject}' failed: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }

    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Demo realm is in place (Seed:Demo=true)")]
    private static partial void LogSeeded(ILogger logger);
}
