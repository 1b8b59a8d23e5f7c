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
    RevocationPublisher revocationList)
{
    /// <summary>Revokes everything issued to the client; answers how many token families ended.</summary>
    public async Task<int> RevokeTokensAsync(object application, CancellationToken cancellationToken = default)
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

        await authorizations.RevokeByApplicationIdAsync(applicationId, cancellationToken);
        await tokens.RevokeByApplicationIdAsync(applicationId, cancellationToken);
        foreach (var family in families)
        {
            await revocationList.AuthorizationAsync(family, cancellationToken);
        }

        await revocationList.SubjectAsync(clientId, cancellationToken);
        return families.Count;
    }

    /// <summary>Revokes everything issued to the client, then removes it (OpenIddict deletes its authorizations and tokens with it).</summary>
    public async Task DeleteAsync(object application, CancellationToken cancellationToken = default)
    {
        await RevokeTokensAsync(application, cancellationToken);
        await applications.DeleteAsync(application, cancellationToken);
    }
}
