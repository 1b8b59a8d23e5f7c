extern alias commerce;

using Aict.CommerceApi.FunctionalTests.Infrastructure;
using Aict.TestSupport.Robustness;
using commerce::Aict.CommerceApi.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Aict.CommerceApi.FunctionalTests.Robustness;

/// <summary>
/// Every CommerceApi endpoint fed malformed, oversized, wrongly typed and unicode-edge input by a
/// partner and by a user with every scope they may hold: never a 500, and a refused request writes nothing.
/// Its own services, so that no other test's background work changes the database meanwhile.
/// </summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private readonly SqliteServices _services = new();

    public Task InitializeAsync() => _services.InitializeAsync();

    public Task DisposeAsync() => _services.DisposeAsync();

    [Fact]
    public async Task No_endpoint_answers_500_or_writes_when_it_refuses()
    {
        var probe = new RobustnessProbe(FingerprintAsync);
        var api = _services.Api;

        await probe.ProbeJsonEndpointsAsync(api.Services, await _services.PartnerAsync(), endpoint => endpoint.RoutePattern.RawText!.StartsWith("/api", StringComparison.Ordinal));
        await probe.ProbeJsonEndpointsAsync(api.Services, await _services.UserAsync(DemoRealm.Alice), endpoint => endpoint.RoutePattern.RawText!.StartsWith("/api", StringComparison.Ordinal));

        probe.AssertNoFailures();
    }

    private async Task<IReadOnlyDictionary<string, string>> FingerprintAsync()
    {
        await using var scope = _services.Api.Services.CreateAsyncScope();
        return await DatabaseFingerprint.ComputeAsync(scope.ServiceProvider.GetRequiredService<CommerceDbContext>());
    }
}
