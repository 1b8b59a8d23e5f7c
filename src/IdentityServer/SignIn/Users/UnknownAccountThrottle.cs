using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Aict.IdentityServer.SignIn.Users;

/// <summary>
/// Counts failed sign-ins for e-mail addresses that have no account and "locks" them exactly as
/// Identity locks real accounts, so the lockout message cannot reveal which addresses exist.
/// </summary>
public sealed class UnknownAccountThrottle(IOptions<IdentityOptions> identity) : IDisposable
{
    // Bounded so that a flood of made-up addresses cannot grow memory without limit.
    private readonly MemoryCache _failures = new(new MemoryCacheOptions { SizeLimit = 100_000 });

    public bool IsLockedOut(string normalizedEmail) =>
        _failures.TryGetValue(normalizedEmail, out Counter? counter) && counter!.LockedUntil > DateTimeOffset.UtcNow;

    /// <summary>Records a failure; true when this failure locks the address.</summary>
    public bool RecordFailure(string normalizedEmail)
    {
        var lockout = identity.Value.Lockout;
        var counter = _failures.GetOrCreate(normalizedEmail, entry =>
        {
            entry.Size = 1;
            entry.SlidingExpiration = lockout.DefaultLockoutTimeSpan;
            return new Counter();
        })!;

        lock (counter)
        {
            counter.Failures++;
            if (counter.Failures < lockout.MaxFailedAccessAttempts)
            {
                return false;
            }

            counter.Failures = 0;
            counter.LockedUntil = DateTimeOffset.UtcNow + lockout.DefaultLockoutTimeSpan;
            return true;
        }
    }

    public void Dispose() => _failures.Dispose();

    private sealed class Counter
    {
        public int Failures { get; set; }

        public DateTimeOffset LockedUntil { get; set; }
    }
}
