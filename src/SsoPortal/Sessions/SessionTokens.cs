using System.Globalization;
using Aict.SsoPortal.Authentication;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Aict.SsoPortal.Sessions;

/// <summary>
/// The signed-in user's access token, refreshed shortly before it expires. Refreshes of one session are
/// serialised across every portal instance (a Redis lock): IdentityServer rotates refresh tokens with no
/// reuse leeway, so two refreshes with the same token would revoke the whole token family.
/// </summary>
public sealed partial class SessionTokens(
    RedisTicketStore store, TokenRefresher refresher, IConnectionMultiplexer redis, IOptions<PortalOptions> options,
    TimeProvider time, ILogger<SessionTokens> logger)
{
    private static readonly TimeSpan LockLifetime = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan LockPoll = TimeSpan.FromMilliseconds(50);

    /// <summary>The current request's access token, or null when the portal session has ended (sign in again).</summary>
    public async Task<string?> GetAccessTokenAsync(HttpContext context)
    {
        var result = await context.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return result.Properties?.Items.TryGetValue(RedisTicketStore.KeyItem, out var key) == true && key is not null
            ? await GetAccessTokenAsync(key, context.RequestAborted)
            : null;
    }

    /// <summary>The access token of the ticket stored under <paramref name="ticketKey"/>, refreshed first if it is about to expire.</summary>
    public async Task<string?> GetAccessTokenAsync(string ticketKey, CancellationToken cancellationToken = default)
    {
        var ticket = await store.RetrieveAsync(ticketKey);
        if (ticket is null || IsFresh(ticket.Properties))
        {
            return ticket?.Properties.GetTokenValue("access_token");
        }

        var database = redis.GetDatabase();
        RedisKey lockKey = $"{options.Value.KeyPrefix}refresh-lock:{ticketKey}";
        var holder = Guid.NewGuid().ToString("N");
        var deadline = time.GetUtcNow() + LockLifetime;
        while (!await database.LockTakeAsync(lockKey, holder, LockLifetime))
        {
            if (time.GetUtcNow() > deadline)
            {
                throw new TimeoutException("Another request kept this session's token refresh locked too long.");
            }

            await Task.Delay(LockPoll, time, cancellationToken);
        }

        try
        {
            // Whoever held the lock before may have refreshed already: read the ticket again.
            ticket = await store.RetrieveAsync(ticketKey);
            if (ticket is null || IsFresh(ticket.Properties))
            {
                return ticket?.Properties.GetTokenValue("access_token");
            }

            var refreshed = await refresher.RefreshAsync(ticket.Properties.GetTokenValue("refresh_token"), cancellationToken);
            if (refreshed is null)
            {
                LogSessionEnded(logger);
                await store.RemoveAsync(ticketKey);
                return null;
            }

            ticket.Properties.UpdateTokenValue("access_token", refreshed.AccessToken);
            ticket.Properties.UpdateTokenValue("refresh_token", refreshed.RefreshToken);
            ticket.Properties.UpdateTokenValue("expires_at",
                refreshed.ExpiresAt.ToString("o", CultureInfo.InvariantCulture));
            if (refreshed.IdToken is { } idToken)
            {
                ticket.Properties.UpdateTokenValue("id_token", idToken);
            }

            await store.RenewAsync(ticketKey, ticket);
            return refreshed.AccessToken;
        }
        finally
        {
            await database.LockReleaseAsync(lockKey, holder);
        }
    }

    private bool IsFresh(AuthenticationProperties properties) =>
        DateTimeOffset.TryParse(properties.GetTokenValue("expires_at"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var expiresAt)
        && expiresAt - time.GetUtcNow() > options.Value.RefreshBefore;

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "The refresh token was refused; the portal session ends and the user signs in again.")]
    private static partial void LogSessionEnded(ILogger logger);
}
