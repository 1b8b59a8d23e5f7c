using System.Globalization;
using Aict.IdentityServer.Platform.Throttling;

namespace Aict.IdentityServer.Detection.Attacks;

/// <summary>
/// This instance's copy of the pairs and networks the rules block, and whether a password spray is under way. Filled
/// from the failures counted here and from what other instances publish; asking costs no I/O, so a sign-in that goes
/// ahead never reaches Redis. Block ends are absolute times on the servers' clock (<see cref="TimeProvider"/>).
/// </summary>
public sealed class AttackBlocks(TimeProvider clock)
{
    private readonly ThrottleBlocks _blocks = new(clock);
    private long _sprayUntil;

    /// <summary>
    /// True while a password spray is under way across the service (<see cref="PasswordSprayOptions"/>): as this instance
    /// last heard it, from its own failures or from Redis at most <see cref="PasswordSprayOptions.RefreshInterval"/> ago.
    /// Risk assessment may read it on every sign-in: it costs a clock read.
    /// </summary>
    public bool SprayInProgress => clock.GetUtcNow().ToUnixTimeMilliseconds() < Volatile.Read(ref _sprayUntil);

    public bool AnyActive => _blocks.AnyActive;

    public TimeSpan? RetryAfter(string scope) => _blocks.RetryAfter(scope);

    /// <summary>Blocks the scope until the given time (Unix milliseconds); a time already past changes nothing.</summary>
    public void BlockUntil(string scope, long untilMilliseconds)
    {
        var left = untilMilliseconds - clock.GetUtcNow().ToUnixTimeMilliseconds();
        if (left > 0)
        {
            _blocks.Block(scope, TimeSpan.FromMilliseconds(left));
        }
    }

    /// <summary>The spray flag as Redis holds it: its end in Unix milliseconds, 0 when there is none.</summary>
    public void SetSprayUntil(long untilMilliseconds) => Volatile.Write(ref _sprayUntil, untilMilliseconds);

    /// <summary>Applies a block another instance published: "scope|until" (Unix milliseconds).</summary>
    public void ApplyPublished(string message)
    {
        var separator = message.LastIndexOf('|');
        if (separator > 0 && long.TryParse(message.AsSpan(separator + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var until))
        {
            BlockUntil(message[..separator], until);
        }
    }
}
