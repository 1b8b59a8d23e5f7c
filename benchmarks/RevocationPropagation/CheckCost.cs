using System.Diagnostics;
using Aict.ServiceDefaults.Revocation;

namespace Aict.Benchmarks.RevocationPropagation;

/// <summary>What one <see cref="RevocationCopy.Check"/> costs on its own, with a copy holding <c>entries</c> revocations.</summary>
internal static class CheckCost
{
    private const int Checks = 200_000;
    public const int Passes = 15;

    /// <summary>Nanoseconds per check (fastest of several passes, the first ones also warming up the JIT) of a valid user token (every lookup misses: the common case) and of a revoked one.</summary>
    public static (double ValidNanoseconds, double RevokedNanoseconds) Measure(int entries)
    {
        var copy = new RevocationCopy(TimeProvider.System, TimeSpan.FromSeconds(30));
        var until = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds();
        var notBefore = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds();
        // A plausible mix: mostly single tokens, some sessions, families and subjects.
        for (var i = 0; i < entries; i++)
        {
            copy.Apply((i % 10) switch
            {
                < 7 => new RevocationEntry(RevocationKind.Token, Guid.NewGuid().ToString(), until),
                7 => new RevocationEntry(RevocationKind.Session, Guid.NewGuid().ToString("N"), until),
                8 => new RevocationEntry(RevocationKind.Authorization, Guid.NewGuid().ToString(), until),
                _ => new RevocationEntry(RevocationKind.Subject, Guid.NewGuid().ToString(), until, notBefore),
            });
        }

        var revokedToken = Guid.NewGuid().ToString();
        copy.Apply(new RevocationEntry(RevocationKind.Token, revokedToken, until));
        copy.MarkCurrent();

        // The claims of a user token the copy has never heard of.
        var (jti, entryId, sid, authorizationId, sub) = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), Guid.NewGuid().ToString("N"),
            Guid.NewGuid().ToString(), Guid.NewGuid().ToString());
        var issuedAt = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        // The fastest of several passes: on a shared machine, slower passes measure the neighbours, not the check.
        return (Fastest(() => Time(copy, jti, entryId, sid, authorizationId, sub, issuedAt, RevocationVerdict.Valid)),
            Fastest(() => Time(copy, jti, revokedToken, sid, authorizationId, sub, issuedAt, RevocationVerdict.Revoked)));
    }

    private static double Fastest(Func<double> pass) => Enumerable.Range(0, Passes).Select(_ => pass()).Min();

    private static double Time(RevocationCopy copy, string? jti, string? entry, string sid, string authorization, string sub, long issuedAt, RevocationVerdict expected)
    {
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < Checks; i++)
        {
            if (copy.Check(jti, entry, sid, authorization, sub, issuedAt) != expected)
            {
                throw new InvalidOperationException($"The copy answered other than {expected}.");
            }
        }

        return Stopwatch.GetElapsedTime(started).TotalNanoseconds / Checks;
    }
}
