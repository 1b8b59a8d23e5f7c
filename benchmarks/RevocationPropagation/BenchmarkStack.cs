using Aict.ServiceDefaults.Revocation;
using Aict.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Aict.Benchmarks.RevocationPropagation;

/// <summary>
/// IdentityServer, two CommerceApi instances and a third one without the revocation check, each its own
/// host on Kestrel, all on the same Redis key prefix (one realm).
/// </summary>
internal sealed class BenchmarkStack : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _hosts = [];
    private CommerceApiHost? _first;

    private BenchmarkStack()
    {
    }

    public required Uri Identity { get; init; }

    public required Uri First { get; init; }

    public required Uri Second { get; init; }

    /// <summary>The baseline for the per-request cost: same pipeline, no revocation check.</summary>
    public required Uri Baseline { get; init; }

    /// <summary>Entries in the first instance's local revocation copy.</summary>
    public int FirstCopyEntries => _first!.Services.GetRequiredService<RevocationCopy>().Count;

    public static async Task<BenchmarkStack> StartAsync(BenchmarkRedis redis)
    {
        var prefix = $"bench:{Guid.NewGuid():N}:";
        var identityDatabase = TestDatabase.Sqlite();
        var identity = new IdentityServerFactory(identityDatabase, new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = redis.ConnectionString,
            ["Revocation:KeyPrefix"] = prefix,
            // The production default, not the tests' 100 ms: maintenance is not on the propagation path.
            ["Revocation:MaintenanceInterval"] = "00:00:01",
            // Its throwaway Data Protection keys need no at-rest encryption warning in the output.
            ["Logging:LogLevel:Microsoft.AspNetCore.DataProtection"] = "Error",
        });
        var identityAddress = KestrelHosting.Start(identity);
        var first = new CommerceApiHost(identityAddress, redis, prefix, revocationCheck: true);
        var second = new CommerceApiHost(identityAddress, redis, prefix, revocationCheck: true);
        var baseline = new CommerceApiHost(identityAddress, redis, prefix, revocationCheck: false);
        var stack = new BenchmarkStack
        {
            Identity = identityAddress,
            First = KestrelHosting.Start(first),
            Second = KestrelHosting.Start(second),
            Baseline = KestrelHosting.Start(baseline),
        };
        // Stopped in reverse order of start, the identity database last.
        stack._first = first;
        stack._hosts.AddRange([baseline, second, first, identity, identityDatabase]);
        foreach (var api in new[] { stack.First, stack.Second, stack.Baseline })
        {
            using var client = LoopbackClients.Create(api);
            await KestrelHosting.WaitUntilHealthyAsync(client);
        }

        return stack;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }
    }
}
