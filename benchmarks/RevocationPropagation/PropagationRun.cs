using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Aict.TestSupport;

namespace Aict.Benchmarks.RevocationPropagation;

/// <summary>One revocation's timings, in milliseconds from just before the revoke request was sent.</summary>
internal readonly record struct PropagationSample(double RevokeResponse, double BothRefuse, double AfterRevokeResponse, int Polls);

/// <summary>
/// Revocations one at a time, as a partner would see them: a fresh client-credentials token that both
/// instances accept, the revoke call at IdentityServer, then both instances polled at once until each refuses it.
/// </summary>
internal sealed class PropagationRun(HttpClient identity, HttpClient first, HttpClient second)
{
    public const string Path = "/api/categories";
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(10);
    private readonly TokenClient _tokens = new(identity);

    public async Task<PropagationSample[]> MeasureAsync(int revocations, IProgress<int>? progress = null)
    {
        var samples = new PropagationSample[revocations];
        for (var i = 0; i < revocations; i++)
        {
            samples[i] = await MeasureOneAsync();
            progress?.Report(i + 1);
        }

        return samples;
    }

    public async Task<string> NewTokenAsync()
    {
        var response = await _tokens.ClientCredentialsAsync(DemoRealm.PartnerErp, "products:read");
        return response.AccessToken ?? throw new InvalidOperationException($"No token: {(int)response.Status} {response.Error}.");
    }

    /// <summary>The baseline host must really skip the check: it accepts a revoked token that a checked instance refuses.</summary>
    public async Task ConfirmBaselineSkipsTheCheckAsync(HttpClient checkedApi, HttpClient baselineApi)
    {
        var token = await NewTokenAsync();
        await _tokens.RevokeAsync(DemoRealm.PartnerErp, token);
        await PollUntilRefusedAsync(checkedApi, token);
        var baseline = await StatusAsync(baselineApi, token);
        if (baseline != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"The baseline answered {(int)baseline} to a revoked token; it must not check revocation.");
        }
    }

    private async Task<PropagationSample> MeasureOneAsync()
    {
        var token = await NewTokenAsync();
        await ExpectAsync(first, token, HttpStatusCode.OK);
        await ExpectAsync(second, token, HttpStatusCode.OK);

        var started = Stopwatch.GetTimestamp();
        var revoke = await _tokens.RevokeAsync(DemoRealm.PartnerErp, token);
        var answered = Stopwatch.GetTimestamp();
        if (revoke.Status != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"Revocation answered {(int)revoke.Status} {revoke.Error}.");
        }

        var refused = await Task.WhenAll(PollUntilRefusedAsync(first, token), PollUntilRefusedAsync(second, token));
        var last = Math.Max(refused[0].At, refused[1].At);
        return new PropagationSample(
            Stopwatch.GetElapsedTime(started, answered).TotalMilliseconds,
            Stopwatch.GetElapsedTime(started, last).TotalMilliseconds,
            Stopwatch.GetElapsedTime(answered, last).TotalMilliseconds,
            Math.Max(refused[0].Polls, refused[1].Polls));
    }

    private static async Task<(long At, int Polls)> PollUntilRefusedAsync(HttpClient api, string token)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(GiveUpAfter.TotalSeconds * Stopwatch.Frequency);
        for (var polls = 1; ; polls++)
        {
            var status = await StatusAsync(api, token);
            var at = Stopwatch.GetTimestamp();
            if (status == HttpStatusCode.Unauthorized)
            {
                return (at, polls);
            }

            if (status != HttpStatusCode.OK || at > deadline)
            {
                throw new InvalidOperationException($"{api.BaseAddress} answered {(int)status} after {polls} polls instead of refusing the revoked token.");
            }
        }
    }

    private static async Task ExpectAsync(HttpClient api, string token, HttpStatusCode expected)
    {
        var status = await StatusAsync(api, token);
        if (status != expected)
        {
            throw new InvalidOperationException($"{api.BaseAddress} answered {(int)status}, expected {(int)expected}.");
        }
    }

    public static async Task<HttpStatusCode> StatusAsync(HttpClient api, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        // The default completion reads the whole body, so the connection is free for the next request at once.
        using var response = await api.SendAsync(request);
        return response.StatusCode;
    }
}
