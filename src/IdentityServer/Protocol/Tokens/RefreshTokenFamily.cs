using System.Globalization;
using System.Security.Claims;
using OpenIddict.Abstractions;
using OpenIddict.Server;

namespace Aict.IdentityServer.Protocol.Tokens;

/// <summary>
/// A refresh-token family: the tokens descended from one authorization code (one OpenIddict authorization).
/// Every refresh rotates the token, and a used one is never good again (no reuse leeway): presenting it is a
/// replay, on which OpenIddict revokes the whole authorization and <c>PublishingTokenManager</c> puts the family on
/// the revocation list, so its access tokens die too. A token slides <c>Tokens:RefreshTokenSliding</c> at a time,
/// and none outlives the family's start by more than <c>Tokens:RefreshTokenAbsolute</c>. Pruning keeps a redeemed
/// token until it expires, so that a late replay is still caught (<c>TablePruning</c>).
/// </summary>
public static class RefreshTokenFamily
{
    /// <summary>When the family began (unix seconds); bounds its refresh tokens absolutely. Never leaves the server.</summary>
    public const string StartedAtClaim = "aict_family_started";

    /// <summary>
    /// Rotation on every use, with no grace period for a token already used (nor for one used by a concurrent
    /// request: <see cref="RefreshTokenRedemption"/>), and the sliding lifetime.
    /// </summary>
    public static OpenIddictServerBuilder UseRefreshTokenRotation(this OpenIddictServerBuilder server, TokenLifetimeOptions lifetimes) =>
        server.SetRefreshTokenLifetime(lifetimes.RefreshTokenSliding)
            .SetRefreshTokenReuseLeeway(TimeSpan.Zero)
            .RemoveEventHandler(OpenIddictServerHandlers.RedeemTokenEntry.Descriptor)
            .AddEventHandler(RefreshTokenRedemption.Descriptor);

    /// <summary>Carries the family's start from the principal being redeemed, or starts the family now (a sign-in's first code).</summary>
    public static void CarryStart(ClaimsIdentity identity, ClaimsPrincipal redeemed, TimeProvider clock) =>
        identity.SetClaim(StartedAtClaim, redeemed.FindFirst(StartedAtClaim)?.Value
            ?? clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));

    /// <summary>
    /// Gives the next refresh token the sliding lifetime, cut at the family's absolute end; false once the family
    /// has reached that end (or carries no start), when no token may be issued.
    /// </summary>
    public static bool TrySetNextLifetime(ClaimsIdentity identity, ClaimsPrincipal grant, TokenLifetimeOptions lifetimes, DateTimeOffset now)
    {
        var remaining = long.TryParse(grant.GetClaim(StartedAtClaim), out var started)
            ? DateTimeOffset.FromUnixTimeSeconds(started) + lifetimes.RefreshTokenAbsolute - now
            : TimeSpan.Zero;
        if (remaining <= TimeSpan.Zero)
        {
            return false;
        }

        identity.SetRefreshTokenLifetime(remaining < lifetimes.RefreshTokenSliding ? remaining : lifetimes.RefreshTokenSliding);
        return true;
    }
}
