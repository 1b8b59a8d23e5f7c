using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Aict.IdentityServer.SignIn.Mfa.Passkeys;

/// <summary>
/// Started WebAuthn ceremonies, kept in Redis under a random id the page sends back. Taking one deletes it
/// (GETDEL), so each challenge is answered at most once; its expiry is decided on the TimeProvider's clock.
/// </summary>
public sealed class PasskeyCeremonies(IConnectionMultiplexer redis, IOptions<PasskeyOptions> options, TimeProvider time)
{
    private const int IdBytes = 32;

    public async Task<string> StartAsync(PasskeyCeremonyKind kind, string? userId, string optionsJson)
    {
        var id = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(IdBytes));
        var lifetime = options.Value.CeremonyLifetime;
        var ceremony = new PasskeyCeremony(kind, userId, optionsJson, time.GetUtcNow().Add(lifetime));
        // Redis only cleans up; the ceremony's own expiry decides.
        await redis.GetDatabase().StringSetAsync(Key(id), JsonSerializer.Serialize(ceremony), lifetime);
        return id;
    }

    /// <summary>The ceremony of that id and kind, removed for good; null when unknown, used, expired or of another kind.</summary>
    public async Task<PasskeyCeremony?> TakeAsync(string? id, PasskeyCeremonyKind kind)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 64 || !Base64Url.IsValid(id))
        {
            return null;
        }

        var stored = await redis.GetDatabase().StringGetDeleteAsync(Key(id));
        if (stored.IsNull || JsonSerializer.Deserialize<PasskeyCeremony>(stored.ToString()) is not { } ceremony)
        {
            return null;
        }

        return ceremony.Kind == kind && ceremony.ExpiresAt > time.GetUtcNow() ? ceremony : null;
    }

    private string Key(string id) => $"{options.Value.KeyPrefix}ceremony:{id}";
}

public enum PasskeyCeremonyKind
{
    Registration,
    Assertion,
}

/// <summary>A started ceremony: whose it is (none for a passwordless sign-in) and the options the browser was given.</summary>
public sealed record PasskeyCeremony(PasskeyCeremonyKind Kind, string? UserId, string OptionsJson, DateTimeOffset ExpiresAt);

/// <summary>What the browser needs to run a ceremony: the id to send back and Fido2's options as JSON.</summary>
public sealed record PasskeyCeremonyStart(string CeremonyId, JsonElement Options);
