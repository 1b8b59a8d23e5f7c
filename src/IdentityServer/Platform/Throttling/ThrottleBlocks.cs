using System.Collections.Concurrent;

namespace Aict.IdentityServer.Platform.Throttling;

/// <summary>
/// This instance's copy of what is blocked and until when: set when a failure crosses a limit, here or on another
/// instance. Pure state, no I/O: asking costs a dictionary lookup.
/// </summary>
public sealed class ThrottleBlocks(TimeProvider clock)
{
    // Only scopes past their limit are here; expired ones are dropped when met, and all of them when the copy grows large.
    private const int PruneAbove = 10_000;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _until = new(StringComparer.Ordinal);

    public void Block(string scope, TimeSpan duration)
    {
        var now = clock.GetUtcNow();
        if (_until.Count > PruneAbove)
        {
            foreach (var (key, until) in _until)
            {
                if (until <= now)
                {
                    _until.TryRemove(new KeyValuePair<string, DateTimeOffset>(key, until));
                }
            }
        }

        var end = now + duration;
        _until.AddOrUpdate(scope, end, (_, existing) => existing > end ? existing : end);
    }

    /// <summary>How long the scope stays blocked; null when it is not.</summary>
    public TimeSpan? RetryAfter(string scope)
    {
        if (!_until.TryGetValue(scope, out var until))
        {
            return null;
        }

        var left = until - clock.GetUtcNow();
        if (left > TimeSpan.Zero)
        {
            return left;
        }

        _until.TryRemove(new KeyValuePair<string, DateTimeOffset>(scope, until));
        return null;
    }
}
