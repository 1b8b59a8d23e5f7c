using System.Diagnostics;
using Microsoft.AspNetCore.Identity;

namespace Aict.Benchmarks.Protocol;

/// <summary>
/// The physical bound on password sign-ins: how many password verifications Identity's default
/// <see cref="PasswordHasher{TUser}"/> (PBKDF2-HMAC-SHA512 ×100,000) does per second on every core at once.
/// </summary>
internal static class PasswordHashBound
{
    public static double VerificationsPerSecond(TimeSpan duration)
    {
        var hasher = new PasswordHasher<object>();
        var user = new object();
        var hash = hasher.HashPassword(user, "Alice#2026dev");
        var stopAt = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        var counts = new long[Environment.ProcessorCount];
        Parallel.For(0, counts.Length, new ParallelOptions { MaxDegreeOfParallelism = counts.Length }, core =>
        {
            while (Stopwatch.GetTimestamp() < stopAt)
            {
                if (hasher.VerifyHashedPassword(user, hash, "Alice#2026dev") != PasswordVerificationResult.Success)
                {
                    throw new InvalidOperationException("The hash did not verify.");
                }

                counts[core]++;
            }
        });
        return counts.Sum() / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }
}
