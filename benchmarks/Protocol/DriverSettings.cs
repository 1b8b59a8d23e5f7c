using System.Globalization;

namespace Aict.Benchmarks.Protocol;

/// <summary>
/// What a measuring run does: <c>[sqlite|postgres|all] [--duration 15]</c> (the scenarios, each for the duration), or
/// <c>growth [sqlite|postgres|all] [--minutes 10]</c> (the long refresh run with pruning at work, for that long), with
/// Redis and PostgreSQL named by <c>AICT_BENCH_REDIS</c> and <c>AICT_BENCH_POSTGRES</c> (run.sh starts both).
/// </summary>
internal sealed record DriverSettings(
    IReadOnlyList<string> Databases, TimeSpan Duration, string Redis, string? Postgres, string RepositoryRoot, bool Growth = false)
{
    public const int Connections = 32;
    public const int WrkThreads = 2;

    // Tiered compilation keeps promoting hot methods well into the load; a shorter warm-up measured the JIT, not the
    // server (see docs/performance.md#warm-up).
    public static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(30);

    // Sign-ins settle later: with most of the CPU in the password hash the JIT gets fewer cycles and fewer calls
    // (sign-in-windows mode shows it; see docs/performance.md#warm-up).
    public static readonly TimeSpan SignInWarmUp = TimeSpan.FromSeconds(60);

    public static TimeSpan WarmUpFor(Scenario scenario) => scenario == Scenario.PasswordSignIn ? SignInWarmUp : WarmUp;

    /// <summary>Below this the figures are a smoke test, and the report says so.</summary>
    public static readonly TimeSpan MeasuringDuration = TimeSpan.FromSeconds(15);

    public bool IsSmokeRun => Duration < MeasuringDuration;

    /// <summary>The growth run's default length: pruning levels the tables off after about four minutes.</summary>
    public static readonly TimeSpan GrowthDuration = TimeSpan.FromMinutes(10);

    public static DriverSettings Parse(string[] args)
    {
        const string usage = "Usage: [sqlite|postgres|all] [--duration SECONDS] | growth [sqlite|postgres|all] [--minutes MINUTES]";
        var growth = args.FirstOrDefault() == "growth";
        var databases = new List<string> { "sqlite", "postgres" };
        var duration = growth ? GrowthDuration : MeasuringDuration;
        for (var i = growth ? 1 : 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "sqlite" or "postgres":
                    databases = [args[i]];
                    break;
                case "all":
                    break;
                case "--duration" when i + 1 < args.Length && !growth:
                    duration = TimeSpan.FromSeconds(int.Parse(args[++i].TrimEnd('s'), CultureInfo.InvariantCulture));
                    break;
                case "--minutes" when i + 1 < args.Length && growth:
                    duration = TimeSpan.FromMinutes(int.Parse(args[++i], CultureInfo.InvariantCulture));
                    break;
                default:
                    throw new ArgumentException($"Unknown argument '{args[i]}'. {usage}");
            }
        }

        // A read scenario's access token is fetched once per wrk run and lives 5 minutes.
        if (!growth && duration > TimeSpan.FromMinutes(4))
        {
            throw new ArgumentException("--duration is at most 240 s: the read scenario's access token lives 5 minutes.");
        }

        if (growth && duration < TimeSpan.FromMinutes(1))
        {
            throw new ArgumentException("--minutes is at least 1.");
        }

        var redis = Environment.GetEnvironmentVariable("AICT_BENCH_REDIS")
            ?? throw new ArgumentException("AICT_BENCH_REDIS (host:port of a redis-server) is required; benchmarks/Protocol/run.sh sets it.");
        var postgres = Environment.GetEnvironmentVariable("AICT_BENCH_POSTGRES");
        if (databases.Contains("postgres") && string.IsNullOrEmpty(postgres))
        {
            throw new ArgumentException("AICT_BENCH_POSTGRES (Host=...;Port=...;Username=...;Password=...) is required for postgres.");
        }

        return new DriverSettings(databases, duration, redis, postgres, FindRepositoryRoot(), growth);
    }

    internal static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Aict.Identity.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Aict.Identity.sln not found above " + AppContext.BaseDirectory);
    }
}
