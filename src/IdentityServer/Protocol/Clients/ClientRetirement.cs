using Aict.IdentityServer.Platform.Data;
using Aict.IdentityServer.Protocol.Revocation;
using OpenIddict.Abstractions;

namespace Aict.IdentityServer.Protocol.Clients;

/// <summary>
/// Ends what a client holds, and the client itself: every user's token family (and consent) for it and its
/// own client-credentials tokens, whose subject is the client (RFC 9068 §2.2), die in the database and on
/// the revocation list; deleting also removes the registration, so the client can no longer authenticate.
/// </summary>
public sealed class ClientRetirement(
    IOpenIddictApplicationManager applications,
    IOpenIddictAuthorizationManager authorizations,
    IOpenIddictTokenManager tokens,
    RevocationPublisher revocationList,
    ApplicationDbContext db)
{
    /// <summary>Revokes everything issued to the client; answers how many token families ended.</summary>
    public async Task<int> RevokeTokensAsync(object application, CancellationToken cancellationToken = default)
    {
        var (applicationId, clientId, families) = await ValidFamiliesAsync(application, cancellationToken);
        await authorizations.RevokeByApplicationIdAsync(applicationId, cancellationToken);
        await tokens.RevokeByApplicationIdAsync(applicationId, cancellationToken);
        await PublishAsync(clientId, families, cancellationToken);
        return families.Count;
    }

    /// <summary>Removes the client with its authorizations and tokens, then puts what they covered on the revocation list.</summary>
    public async Task DeleteAsync(object application, CancellationToken cancellationToken = default)
    {
        // The delete ends the client's authorizations and tokens in the database. It must start from a clean context: with
        // the authorizations just read still tracked, EF would null their link to the client instead of deleting them.
        var (applicationId, clientId, families) = await ValidFamiliesAsync(application, cancellationToken);
        db.ChangeTracker.Clear();
        if (await applications.FindByIdAsync(applicationId, cancellationToken) is { } tracked)
        {
            await applications.DeleteAsync(tracked, cancellationToken);
        }

        await PublishAsync(clientId, families, cancellationToken);
    }

    private async Task<(string ApplicationId, string ClientId, List<string> Families)> ValidFamiliesAsync(
        object application, CancellationToken cancellationToken)
    {
        var applicationId = (await applications.GetIdAsync(application, cancellationToken))!;
        var clientId = (await applications.GetClientIdAsync(application, cancellationToken))!;
        var families = new List<string>();
        await foreach (var authorization in authorizations.FindByApplicationIdAsync(applicationId, cancellationToken))
        {
            if (await authorizations.HasStatusAsync(authorization, OpenIddictConstants.Statuses.Valid, cancellationToken))
            {
                families.Add((await authorizations.GetIdAsync(authorization, cancellationToken))!);
            }
        }

        return (applicationId, clientId, families);
    }

    private async Task PublishAsync(string clientId, List<string> families, CancellationToken cancellationToken)
    {
        foreach (var family in families)
        {
            await revocationList.AuthorizationAsync(family, cancellationToken);
        }

        await revocationList.SubjectAsync(clientId, cancellationToken);
    }
}
