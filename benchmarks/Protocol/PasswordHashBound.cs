using System.Diagnostics;
using Microsoft.AspNetCore.Identity;

namespace Aict.Benchmarks.Protocol;

/// <summary>
/// The physical bound on password sign-ins: how many password verifications Identity's default
/// <see cref="PasswordHasher{TUser}"/> (PBKDF2-HMAC-SHA512 ×100,000) does per second on every core at once, by the
/// clock and as the CPU time per verification allows.
/// </summary>
internal sealed record PasswordHashBound(double ByClock, double ByCpuTime)
{
    /// <summary>
    /// The sign-ins' bound: the higher of the two, so that other work on the cores (which lowers the clock figure) cannot
    /// make the sign-ins look closer to it than they are. On a quiet machine both agree.
    /// </summary>
    public double Bound => Math.Max(ByClock, ByCpuTime);

    public static PasswordHashBound Mean(PasswordHashBound before, PasswordHashBound after) =>
        new((before.ByClock + after.ByClock) / 2, (before.ByCpuTime + after.ByCpuTime) / 2);

    /// <summary>
    /// Verifications per second by the clock, and as the CPU time per verification allows on every core: the two agree
    /// on a quiet machine, and the second still holds when other work shares the cores.
    /// </summary>
    public static PasswordHashBound Measure(TimeSpan duration)
    {
        var hasher = new PasswordHasher<object>();
        var user = new object();
        var hash = hasher.HashPassword(user, "Alice#2026dev");
        var stopAt = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        var cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
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
        var verifications = counts.Sum();
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuAtStart).TotalSeconds;
        return new(verifications / Stopwatch.GetElapsedTime(started).TotalSeconds, verifications / cpuSeconds * Environment.ProcessorCount);
    }
}
