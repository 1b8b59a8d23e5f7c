using Aict.IdentityServer.Administration.Audit;
using Aict.IdentityServer.Sessions;
using OpenIddict.Abstractions;

namespace Aict.IdentityServer.Administration.Account;

/// <summary>A running SSO session as the account API shows it.</summary>
public sealed record SessionView(
    string Id,
    bool Current,
    DateTimeOffset SignedInAt,
    DateTimeOffset LastActivityAt,
    DateTimeOffset ExpiresAt,
    IReadOnlyList<string> Methods,
    string? UserAgent,
    string? IpAddress,
    IReadOnlyList<SessionClientView> Clients);

/// <summary>A client the session signed in to, with when it last received tokens from it.</summary>
public sealed record SessionClientView(string ClientId, string? DisplayName, DateTimeOffset LastSignedInAt);

/// <summary>One entry of the user's security activity.</summary>
public sealed record ActivityView(string Type, DateTimeOffset OccurredAt, string? IpAddress, string? UserAgent, string? ClientId, bool ByAdministrator);

/// <summary>How many sessions a request ended.</summary>
public sealed record SessionsEnded(int Ended);

internal static class AccountViews
{
    public static async Task<List<SessionView>> SessionsAsync(
        IReadOnlyList<UserSession> sessions, string? currentSessionId, IOpenIddictApplicationManager applications, CancellationToken cancellationToken)
    {
        var names = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var clientId in sessions.SelectMany(s => s.Grants).Select(g => g.ClientId).Distinct())
        {
            var application = await applications.FindByClientIdAsync(clientId, cancellationToken);
            names[clientId] = application is null ? null : await applications.GetLocalizedDisplayNameAsync(application, cancellationToken);
        }

        return [.. sessions.Select(session => new SessionView(
            session.Id,
            session.Id == currentSessionId,
            session.SignedInAt,
            session.LastActivityAt,
            session.ExpiresAt,
            session.Methods.Split(' ', StringSplitOptions.RemoveEmptyEntries),
            session.UserAgent,
            session.IpAddress,
            [.. session.Grants
                .GroupBy(g => g.ClientId)
                .Select(g => new SessionClientView(g.Key, names[g.Key], g.Max(grant => grant.GrantedAt)))
                .OrderByDescending(c => c.LastSignedInAt)]))];
    }

    public static ActivityView Activity(AuditEvent e) =>
        new(e.Type, e.OccurredAt, e.IpAddress, e.UserAgent, e.ClientId, ByAdministrator: e.ActorId is not null && e.ActorId != e.UserId);
}
