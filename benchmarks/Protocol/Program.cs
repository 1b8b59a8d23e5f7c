using System.Globalization;
using System.Runtime.InteropServices;
using Aict.Benchmarks.Protocol;

// Usage: ./benchmarks/Protocol/run.sh [sqlite|postgres|all] [--duration 15] (installs and starts Redis and PostgreSQL, then runs this).
// It writes only under benchmarks/results/ (protocol-load.md; protocol-growth.md for the growth run).
// Directly: AICT_BENCH_REDIS=host:port [AICT_BENCH_POSTGRES=...] dotnet run -c Release --project benchmarks/Protocol -- [sqlite|postgres|all] [--duration 15]
// `growth [sqlite|postgres|all] [--minutes 10]` is the long run: refresh load with lifetimes and pruning scaled to minutes,
// the token tables counted every minute (benchmarks/results/protocol-growth.md).
// `serve-commerce [--anonymous]` is this program's other mode, which the run starts as CommerceApi processes of its own.
// `refresh-tokens <identity-url> <count> <file>` signs in <count> times and writes the refresh tokens, one a line, for
// running refresh-token.lua by hand (profiling, comparing two builds): REFRESH_TOKENS=<file> wrk -s refresh-token.lua ...
// `fleet-drills [--soak-minutes 30] ...` starts the fleet as processes and runs the fault drills (benchmarks/Fleet/drills.sh,
// docs/fleet-drills.md; writes benchmarks/results/fleet-drills.md).
// `sign-in-windows <identity-url> <count>` runs the sign-in load for <count> successive 15 s windows and prints each
// window's rate: how long a fresh IdentityServer takes to settle (DriverSettings.SignInWarmUp).
if (args.FirstOrDefault() == "serve-commerce")
{
    await HostedCommerceApi.ServeAsync(args);
    return 0;
}

if (args is ["sign-in-windows", var signInUrl, var windowsText])
{
    for (var window = 1; window <= int.Parse(windowsText, CultureInfo.InvariantCulture); window++)
    {
        var figures = await SignInLoad.RunAsync(new Uri(signInUrl), TimeSpan.FromSeconds(15), CancellationToken.None);
        Console.WriteLine($"window {window}: {figures.RequestsPerSecond:N1} sign-ins/s, p99 {figures.P99Milliseconds:N0} ms, {figures.Errors} errors");
    }

    return 0;
}

if (args is ["refresh-tokens", var identityUrl, var countText, var tokenFile])
{
    await PasswordSignIn.WriteRefreshTokensAsync(new Uri(identityUrl), int.Parse(countText), tokenFile, CancellationToken.None);
    return 0;
}

using var stopping = new CancellationTokenSource();
// Ctrl+C, kill and a closed terminal all stop the run the same way: the stacks are disposed, so every process this run
// started ends and the temporary databases go.
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
using var hangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, Stop);

try
{
    if (args.FirstOrDefault() == "fleet-drills")
    {
        await FleetDrills.RunAsync(FleetDrillSettings.Parse(args), stopping.Token);
        return 0;
    }

    var settings = DriverSettings.Parse(args);
    await (settings.Growth ? GrowthRun.RunAsync(settings, stopping.Token) : LoadRun.RunAsync(settings, stopping.Token));
    return 0;
}
catch (OperationCanceledException) when (stopping.IsCancellationRequested)
{
    Console.Error.WriteLine("Cancelled; every process the run started is stopped.");
    return 130;
}
catch (Exception error) when (error is ArgumentException or InvalidOperationException or TimeoutException)
{
    Console.Error.WriteLine(error.Message);
    return 1;
}

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stopping.Cancel();
}
