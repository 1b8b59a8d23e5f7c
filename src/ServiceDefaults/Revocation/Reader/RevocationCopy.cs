using System.Collections.Concurrent;
using System.Security.Claims;

namespace Aict.ServiceDefaults.Revocation;

/// <summary>The answer for one token.</summary>
public enum RevocationVerdict
{
    Valid,
    Revoked,

    /// <summary>The copy has been stale longer than the bound: nobody can say, so the caller must refuse.</summary>
    Unavailable,
}

/// <summary>Whether the copy can be trusted.</summary>
public enum RevocationState
{
    Current,

    /// <summary>Not known to be current, still answering within the staleness bound.</summary>
    Stale,

    /// <summary>Stale beyond the bound (or never loaded): every check fails closed.</summary>
    FailingClosed,
}

/// <summary>
/// The in-memory copy of the revocation list and whether it is known to be current. Pure state, no I/O:
/// lookups are a few dictionary reads, so it can run on every request.
/// </summary>
public sealed class RevocationCopy(TimeProvider clock, TimeSpan stalenessBound)
{
    private readonly ConcurrentDictionary<string, long> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _authorizations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (long NotBefore, long Until)> _subjects = new(StringComparer.Ordinal);

    // Ticks (UTC) since when the copy is not known to be current; 0 when current. Starts stale: nothing loaded yet.
    private long _staleSinceTicks = clock.GetUtcNow().UtcTicks;
    private bool _everLoaded;

    public bool IsCurrent => Interlocked.Read(ref _staleSinceTicks) == 0;

    public int Count => _tokens.Count + _sessions.Count + _authorizations.Count + _subjects.Count;

    /// <summary>Healthy, stale within the bound, or failing closed.</summary>
    public RevocationState State
    {
        get
        {
            var staleSince = Interlocked.Read(ref _staleSinceTicks);
            if (staleSince == 0)
            {
                return RevocationState.Current;
            }

            // Never loaded means nothing is known at all: no grace period.
            return Volatile.Read(ref _everLoaded) && clock.GetUtcNow().UtcTicks - staleSince <= stalenessBound.Ticks
                ? RevocationState.Stale
                : RevocationState.FailingClosed;
        }
    }

    public void Apply(RevocationEntry entry)
    {
        switch (entry.Kind)
        {
            case RevocationKind.Token:
                _tokens.AddOrUpdate(entry.Id, entry.Until, (_, until) => Math.Max(until, entry.Until));
                break;
            case RevocationKind.Session:
                _sessions.AddOrUpdate(entry.Id, entry.Until, (_, until) => Math.Max(until, entry.Until));
                break;
            case RevocationKind.Authorization:
                _authorizations.AddOrUpdate(entry.Id, entry.Until, (_, until) => Math.Max(until, entry.Until));
                break;
            case RevocationKind.Subject:
                _subjects.AddOrUpdate(entry.Id, (entry.NotBefore, entry.Until),
                    (_, known) => (Math.Max(known.NotBefore, entry.NotBefore), Math.Max(known.Until, entry.Until)));
                break;
        }
    }

    /// <summary>The copy may have missed messages from now on (subscription lost).</summary>
    public void MarkStale() => Interlocked.CompareExchange(ref _staleSinceTicks, clock.GetUtcNow().UtcTicks, 0);

    /// <summary>A full load has completed while subscribed: the copy is current again.</summary>
    public void MarkCurrent()
    {
        Volatile.Write(ref _everLoaded, true);
        Interlocked.Exchange(ref _staleSinceTicks, 0);
    }

    /// <summary>
    /// Is a token with these claims revoked? Null claims are simply not matched. A token is named by its
    /// <c>jti</c> or by its server-side entry id (OpenIddict's <c>oi_tkn_id</c>, which its revocations know).
    /// </summary>
    public RevocationVerdict Check(string? jti, string? tokenEntryId, string? sid, string? authorizationId, string? sub, long issuedAt)
    {
        if (!IsCurrent && State == RevocationState.FailingClosed)
        {
            return RevocationVerdict.Unavailable;
        }

        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        return Covers(_tokens, jti, now) || Covers(_tokens, tokenEntryId, now) || Covers(_sessions, sid, now) || Covers(_authorizations, authorizationId, now)
            || (sub is not null && _subjects.TryGetValue(sub, out var subject) && subject.Until > now && issuedAt < subject.NotBefore)
            ? RevocationVerdict.Revoked
            : RevocationVerdict.Valid;
    }

    /// <summary>
    /// <see cref="Check(string?, string?, string?, string?, string?, long)"/> with the identifiers read from an access
    /// token's claims (<c>jti</c>, <c>oi_tkn_id</c>, <c>sid</c>, <c>oi_au_id</c>, <c>sub</c>); the issue time is passed
    /// in because validators keep it under different claim types.
    /// </summary>
    public RevocationVerdict Check(ClaimsPrincipal principal, long issuedAt) => Check(
        principal.FindFirst(TokenClaims.JwtId)?.Value, principal.FindFirst(TokenClaims.TokenEntryId)?.Value,
        principal.FindFirst(TokenClaims.SessionId)?.Value, principal.FindFirst(TokenClaims.AuthorizationId)?.Value,
        principal.FindFirst(TokenClaims.Subject)?.Value, issuedAt);

    /// <summary>Drops entries that no longer cover any valid token.</summary>
    public void RemoveExpired()
    {
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        RemoveWhere(_tokens, until => until <= now);
        RemoveWhere(_sessions, until => until <= now);
        RemoveWhere(_authorizations, until => until <= now);
        RemoveWhere(_subjects, subject => subject.Until <= now);
    }

    private static bool Covers(ConcurrentDictionary<string, long> entries, string? id, long now) =>
        id is not null && entries.TryGetValue(id, out var until) && until > now;

    private static void RemoveWhere<T>(ConcurrentDictionary<string, T> entries, Func<T, bool> expired)
    {
        foreach (var (id, value) in entries)
        {
            if (expired(value))
            {
                entries.TryRemove(new KeyValuePair<string, T>(id, value));
            }
        }
    }
}
