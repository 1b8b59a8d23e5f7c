using System.Text.Json;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Aict.IdentityServer.SignIn.Mfa;

/// <summary>
/// Which clients demand a second factor (the application property <c>require_mfa: true</c>), and so
/// which accounts must keep one: those holding a valid authorization for such a client.
/// </summary>
public sealed class MfaRequirement(IOpenIddictApplicationManager applications, IOpenIddictAuthorizationManager authorizations)
{
    public const string ClientProperty = "require_mfa";

    public async ValueTask<bool> IsRequiredByClientAsync(object application, CancellationToken cancellationToken = default)
    {
        var properties = await applications.GetPropertiesAsync(application, cancellationToken);
        return properties.TryGetValue(ClientProperty, out var value) && value.ValueKind == JsonValueKind.True;
    }

    public async Task<bool> IsRequiredForUserAsync(string userId, CancellationToken cancellationToken = default)
    {
        // Clients are few and authorizations many: find the demanding clients first, then ask about each.
        // Read the whole list first: PostgreSQL runs one command at a time per connection.
        foreach (var application in await applications.ListAsync(count: null, offset: null, cancellationToken).ToListAsync(cancellationToken))
        {
            if (!await IsRequiredByClientAsync(application, cancellationToken))
            {
                continue;
            }

            var applicationId = await applications.GetIdAsync(application, cancellationToken);
            if (await authorizations.FindAsync(userId, applicationId, Statuses.Valid, type: null, scopes: null, cancellationToken)
                    .AnyAsync(cancellationToken))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a factor may go when <paramref name="remaining"/> is what the account would keep.</summary>
    public async Task<bool> AllowsRemovalAsync(string userId, MfaFactorSummary remaining, CancellationToken cancellationToken = default) =>
        remaining.HasSecondFactor || !await IsRequiredForUserAsync(userId, cancellationToken);
}
