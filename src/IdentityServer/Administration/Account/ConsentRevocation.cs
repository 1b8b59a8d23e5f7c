using Aict.IdentityServer.Administration.Audit;
using Aict.IdentityServer.Platform.Data;
using Aict.IdentityServer.Sessions.BackchannelLogout;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Aict.IdentityServer.Administration.Account;

/// <summary>
/// The user's consents (permanent authorizations) per client, and taking one back: every token family of
/// the user for that client is revoked, in the database and on the revocation list, and the client is told
/// (back-channel logout) to end its sessions with the user's running SSO sessions, which no longer list it.
/// </summary>
public sealed partial class ConsentRevocation(
    ApplicationDbContext db,
    IOpenIddictApplicationManager applications,
    IOpenIddictAuthorizationManager authorizations,
    IOpenIddictTokenManager tokens,
    IBackchannelLogoutScheduler backchannelLogout,
    AuditTrail audit,
    ILogger<ConsentRevocation> logger)
{
    /// <summary>One entry per client: the scopes of all its valid consents, and the earliest grant.</summary>
    public async Task<List<ConsentView>> ListAsync(string userId, CancellationToken cancellationToken)
    {
        // Read the whole list first: PostgreSQL runs one command at a time per connection.
        var valid = await authorizations.FindAsync(subject: userId, client: null, status: Statuses.Valid,
            type: AuthorizationTypes.Permanent, scopes: null, cancellationToken).ToListAsync(cancellationToken);
        var grants = new List<(string ApplicationId, IEnumerable<string> Scopes, DateTimeOffset? GrantedAt)>();
        foreach (var authorization in valid)
        {
            if (await authorizations.GetApplicationIdAsync(authorization, cancellationToken) is { } applicationId)
            {
                grants.Add((applicationId, await authorizations.GetScopesAsync(authorization, cancellationToken),
                    await authorizations.GetCreationDateAsync(authorization, cancellationToken)));
            }
        }

        var consents = new List<ConsentView>();
        foreach (var client in grants.GroupBy(g => g.ApplicationId))
        {
            if (await applications.FindByIdAsync(client.Key, cancellationToken) is not { } application
                || await applications.GetClientIdAsync(application, cancellationToken) is not { } clientId)
            {
                continue;
            }

            var name = await applications.GetLocalizedDisplayNameAsync(application, cancellationToken) ?? clientId;
            consents.Add(new ConsentView(clientId, name, [.. client.SelectMany(g => g.Scopes).Distinct().Order(StringComparer.Ordinal)],
                client.Min(g => g.GrantedAt)));
        }

        return [.. consents.OrderBy(c => c.DisplayName, StringComparer.CurrentCultureIgnoreCase)];
    }

    /// <summary>Revokes every valid authorization, permanent and ad hoc, of the user for the client; false when there is none.</summary>
    public async Task<bool> RevokeAsync(string userId, string clientId, string? sessionId, CancellationToken cancellationToken)
    {
        if (await applications.FindByClientIdAsync(clientId, cancellationToken) is not { } application)
        {
            return false;
        }

        var applicationId = (await applications.GetIdAsync(application, cancellationToken))!;
        var granted = await authorizations.FindAsync(subject: userId, client: applicationId, status: Statuses.Valid, type: null, scopes: null,
            cancellationToken: cancellationToken).ToListAsync(cancellationToken);
        if (granted.Count == 0)
        {
            return false;
        }

        foreach (var authorization in granted)
        {
            await authorizations.TryRevokeAsync(authorization, cancellationToken);
            // Also puts the family on the revocation list (PublishingTokenManager), so resource servers refuse its access tokens.
            await tokens.RevokeByAuthorizationIdAsync((await authorizations.GetIdAsync(authorization, cancellationToken))!, cancellationToken);
        }

        await SignClientOutAsync(userId, clientId, cancellationToken);
        await audit.RecordAsync(AuditEventTypes.ConsentRevoked, userId, sessionId, clientId, cancellationToken: cancellationToken);
        LogConsentRevoked(logger, clientId, userId, granted.Count);
        return true;
    }

    private async Task SignClientOutAsync(string userId, string clientId, CancellationToken cancellationToken)
    {
        // Only this client's grants are loaded: the scheduler notifies exactly the clients it finds there.
        var sessions = await db.Sessions.Include(s => s.Grants.Where(g => g.ClientId == clientId))
            .Where(s => s.UserId == userId && s.EndedAt == null && s.Grants.Any(g => g.ClientId == clientId))
            .ToListAsync(cancellationToken);
        if (sessions.Count == 0)
        {
            return;
        }

        await backchannelLogout.ScheduleAsync(sessions, cancellationToken);
        db.SessionGrants.RemoveRange(sessions.SelectMany(s => s.Grants));
        await db.SaveChangesAsync(cancellationToken);
    }

    [LoggerMessage(EventId = 2500, Level = LogLevel.Information,
        Message = "User {UserId} revoked the access of {ClientId}: {Authorizations} authorizations and their tokens")]
    private static partial void LogConsentRevoked(ILogger logger, string clientId, string userId, int authorizations);
}
