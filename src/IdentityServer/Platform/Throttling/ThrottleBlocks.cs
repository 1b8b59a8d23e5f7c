using System.Collections.Concurrent;

namespace Aict.IdentityServer.Platform.Throttling;

/// <summary>
/// This instance's copy of what is blocked and until when: set when a failure crosses a limit, here or on another
/// instance. Pure state, no I/O: asking costs a clock read while nothing is blocked, a dictionary lookup otherwise.
/// </summary>
public sealed class ThrottleBlocks(TimeProvider clock)
{
    // Only scopes past their limit are here; expired ones are dropped when met, and all of them when the copy grows large.
    private const int PruneAbove = 10_000;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _until = new(StringComparer.Ordinal);

    // When the last block ends, in UTC ticks: while nothing is blocked, a check needs no key at all.
    private long _lastEnd;

    /// <summary>False when no scope can be blocked now, so the caller need not build a key to ask.</summary>
    public bool AnyActive => clock.GetUtcNow().UtcTicks < Volatile.Read(ref _lastEnd);

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
        for (var last = Volatile.Read(ref _lastEnd); end.UtcTicks > last;)
        {
            var seen = Interlocked.CompareExchange(ref _lastEnd, end.UtcTicks, last);
            if (seen == last)
            {
                break;
            }

            last = seen;
        }
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
