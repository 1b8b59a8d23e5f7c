using System.Security.Cryptography;
using Aict.SsoPortal.Authentication;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using StackExchange.Redis;

namespace Aict.SsoPortal.Sessions;

/// <summary>
/// Keeps the portal's authentication tickets (and so the user's tokens) in Redis, encrypted; the
/// cookie carries only the ticket's key. An index from IdentityServer's session id (<c>sid</c>) to
/// ticket keys lets a back-channel logout end every portal session of that IdentityServer session.
/// </summary>
public sealed class RedisTicketStore(
    IConnectionMultiplexer redis, IDataProtectionProvider protection, IOptions<PortalOptions> options, TimeProvider time) : ITicketStore
{
    /// <summary>The ticket's own key, kept in its properties so the token refresher can find it again.</summary>
    public const string KeyItem = ".portal.ticket";

    public const string SessionIdClaim = "sid";

    private readonly IDataProtector _protector = protection.CreateProtector("Aict.SsoPortal.Tickets");
    private readonly string _prefix = options.Value.KeyPrefix;

    public async Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        var key = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        ticket.Properties.Items[KeyItem] = key;
        await RenewAsync(key, ticket);
        return key;
    }

    public async Task RenewAsync(string key, AuthenticationTicket ticket)
    {
        var lifetime = Lifetime(ticket);
        var database = redis.GetDatabase();
        var value = _protector.Protect(TicketSerializer.Default.Serialize(ticket));
        await database.StringSetAsync(TicketKey(key), value, lifetime);
        if (SessionId(ticket) is { } sid)
        {
            var index = SessionKey(sid);
            await database.SetAddAsync(index, key);
            // The index must outlive the longest-lived ticket it points to.
            var left = await database.KeyTimeToLiveAsync(index);
            if (left is null || left < lifetime)
            {
                await database.KeyExpireAsync(index, lifetime);
            }
        }
    }

    public async Task<AuthenticationTicket?> RetrieveAsync(string key)
    {
        var value = (byte[]?)await redis.GetDatabase().StringGetAsync(TicketKey(key));
        if (value is null)
        {
            return null;
        }

        try
        {
            return TicketSerializer.Default.Deserialize(_protector.Unprotect(value));
        }
        catch (CryptographicException)
        {
            // A ticket written under a key ring this instance cannot read is as good as none: sign in again.
            return null;
        }
    }

    public async Task RemoveAsync(string key)
    {
        var ticket = await RetrieveAsync(key);
        var database = redis.GetDatabase();
        await database.KeyDeleteAsync(TicketKey(key));
        if (ticket is not null && SessionId(ticket) is { } sid)
        {
            await database.SetRemoveAsync(SessionKey(sid), key);
        }
    }

    /// <summary>Deletes every ticket of IdentityServer session <paramref name="sid"/>; returns how many there were.</summary>
    public async Task<int> RemoveSessionAsync(string sid)
    {
        var database = redis.GetDatabase();
        var keys = await database.SetMembersAsync(SessionKey(sid));
        if (keys.Length > 0)
        {
            await database.KeyDeleteAsync([.. keys.Select(k => TicketKey(k.ToString()))]);
        }

        await database.KeyDeleteAsync(SessionKey(sid));
        return keys.Length;
    }

    private TimeSpan Lifetime(AuthenticationTicket ticket)
    {
        var lifetime = ticket.Properties.ExpiresUtc is { } expires ? expires - time.GetUtcNow() : options.Value.SessionLifetime;
        return lifetime > TimeSpan.Zero ? lifetime : TimeSpan.FromSeconds(1);
    }

    private static string? SessionId(AuthenticationTicket ticket) => ticket.Principal.FindFirst(SessionIdClaim)?.Value;

    private RedisKey TicketKey(string key) => $"{_prefix}ticket:{key}";

    private RedisKey SessionKey(string sid) => $"{_prefix}sid:{sid}";
}

/// <summary>Gives the cookie handler its session store.</summary>
internal sealed class TicketStoreCookieSetup(RedisTicketStore store) : IPostConfigureOptions<CookieAuthenticationOptions>
{
    public void PostConfigure(string? name, CookieAuthenticationOptions options) => options.SessionStore = store;
}
