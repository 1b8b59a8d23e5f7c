using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Serialization;

namespace Aict.Benchmarks.Protocol;

/// <summary>The scenarios against one running stack, each warmed up and then measured.</summary>
internal sealed class ProtocolScenarios(ProtocolStack stack, DriverSettings settings, string workDirectory, CancellationToken cancellationToken)
{
    private readonly ScenarioRunner _runner = new(stack, settings);
    private readonly WrkRun _wrk = new(Path.Combine(settings.RepositoryRoot, "benchmarks", "Protocol"));

    /// <summary>
    /// One token request on its own before any load: a fresh IdentityServer given all the connections' first requests at
    /// once answers very late, while a single first request primes it (see docs/performance.md#first-token-request).
    /// </summary>
    public async Task<TimeSpan> FirstTokenRequestAsync()
    {
        var started = Stopwatch.GetTimestamp();
        await PartnerAccessTokenAsync();
        return Stopwatch.GetElapsedTime(started);
    }

    /// <summary>The password-hash bound, measured just before and just after the sign-ins (the mean of the two).</summary>
    public PasswordHashBound? SignInHashBound { get; private set; }

    public async Task<IReadOnlyList<ScenarioResult>> RunAllAsync() =>
    [
        await _runner.MeasureAsync(Scenario.ClientCredentials, null, (_, duration) =>
            _wrk.RunAsync("client-credentials.lua", new Uri(stack.Identity.Address, "connect/token"), duration, new Dictionary<string, string>(), cancellationToken)),
        await RefreshTokensAsync(),
        await PasswordSignInsAsync(),
        await ReadAsync(Scenario.ReadWithToken, stack.HostedCommerce, withToken: true),
        await ReadAsync(Scenario.ReadWithoutToken, stack.AnonymousCommerce, withToken: false),
        await ReadAsync(Scenario.ReadWithTokenShipped, stack.Commerce, withToken: true),
    ];

    /// <summary>
    /// The sign-ins with the hash bound measured next to them: the machine's speed drifts within minutes, so a bound taken
    /// at the start of the run misjudged the same build (see docs/performance.md#hash-bound).
    /// </summary>
    private async Task<ScenarioResult> PasswordSignInsAsync()
    {
        var before = PasswordHashBound.Measure(HashBoundDuration);
        var result = await _runner.MeasureAsync(Scenario.PasswordSignIn, null, (_, duration) =>
            SignInLoad.RunAsync(stack.Identity.Address, duration, cancellationToken));
        SignInHashBound = PasswordHashBound.Mean(before, PasswordHashBound.Measure(HashBoundDuration));
        Console.WriteLine($"  password-hash bound around the sign-ins: {SignInHashBound.ByClock:N1} verifications/s " +
            $"({SignInHashBound.ByCpuTime:N1}/s from the CPU time per verification)");
        return result;
    }

    private static readonly TimeSpan HashBoundDuration = TimeSpan.FromSeconds(5);

    /// <summary>Each wrk run gets families of its own: a run ends with requests in flight, whose rotated tokens it never sees.</summary>
    private async Task<ScenarioResult> RefreshTokensAsync()
    {
        Console.WriteLine($"  {Scenario.RefreshToken}: signing in for two sets of {RefreshFamilies} token families");
        var warmUpTokens = await SignInForRefreshTokensAsync("warm-up");
        var measuredTokens = await SignInForRefreshTokensAsync("measured");
        return await _runner.MeasureAsync(Scenario.RefreshToken, null, (warmUp, duration) =>
            _wrk.RunAsync("refresh-token.lua", stack.Identity.Address, duration,
                new Dictionary<string, string> { ["REFRESH_TOKENS"] = warmUp ? warmUpTokens : measuredTokens }, cancellationToken));
    }

    /// <summary>More families than connections, so that no wrk thread runs short of one.</summary>
    private static int RefreshFamilies => DriverSettings.Connections + 8;

    private async Task<string> SignInForRefreshTokensAsync(string name)
    {
        var path = Path.Combine(workDirectory, $"refresh-tokens-{name}.txt");
        await PasswordSignIn.WriteRefreshTokensAsync(stack.Identity.Address, RefreshFamilies, path, cancellationToken);
        return path;
    }

    private async Task<ScenarioResult> ReadAsync(Scenario scenario, ServiceProcess commerce, bool withToken)
    {
        var result = await _runner.MeasureAsync(scenario, commerce, async (_, duration) =>
        {
            // A fresh token per run: it lives 5 minutes, longer than any run (DriverSettings caps the duration).
            var environment = withToken
                ? new Dictionary<string, string> { ["ACCESS_TOKEN"] = await PartnerAccessTokenAsync() }
                : new Dictionary<string, string>();
            return await _wrk.RunAsync("commerce-read.lua", commerce.Address, duration, environment, cancellationToken);
        });
        // Its 32 pooled connections would otherwise stay open: three instances and IdentityServer exceed PostgreSQL's default 100.
        commerce.Stop();
        return result;
    }

    private async Task<string> PartnerAccessTokenAsync()
    {
        using var client = new HttpClient { BaseAddress = stack.Identity.Address };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/connect/token")
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("partner-erp:partner-erp-dev-secret"))) },
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = "products:read" }),
        };
        using var response = await client.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<TokenResponse>(cancellationToken);
        return token!.AccessToken;
    }

    private sealed record TokenResponse([property: JsonPropertyName("access_token")] string AccessToken);
}
