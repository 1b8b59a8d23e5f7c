using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Aict.Fleet.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Aict.Fleet.Tests;

/// <summary>A revocation written by one IdentityServer instance reaches every CommerceApi instance through Redis.</summary>
[Collection(TheFleet.Name)]
public sealed class RevocationTests(FleetFixture fleet, ITestOutputHelper output)
{
    /// <summary>The bound docs/fleet.md promises between a revocation and every API instance refusing the token.</summary>
    private static readonly TimeSpan RevocationBound = TimeSpan.FromMilliseconds(100);

    [Fact]
    public async Task A_token_revoked_on_one_instance_is_refused_by_every_commerce_instance_within_the_bound()
    {
        var apis = FleetFixture.Instances.Select(instance => FleetFixture.CreateClient(fleet.Commerce, instance)).ToList();
        try
        {
            // The first refusal runs code no request has run yet; the second revocation is the one measured.
            await RevokeAndWaitAsync(apis);
            var refusedAfter = await RevokeAndWaitAsync(apis);

            output.WriteLine($"Refused after the revoke response: {string.Join(", ", refusedAfter.Select((t, i) => $"{FleetFixture.Instances[i]} {t.TotalMilliseconds:F1} ms"))}");
            Assert.All(refusedAfter, t => Assert.True(t < RevocationBound, $"Refused after {t.TotalMilliseconds:F1} ms; the bound is {RevocationBound.TotalMilliseconds} ms."));
        }
        finally
        {
            apis.ForEach(api => api.Dispose());
        }
    }

    /// <summary>Signs in, checks every instance takes the token, revokes it on i1, and answers when each instance first refused it.</summary>
    private async Task<TimeSpan[]> RevokeAndWaitAsync(List<FleetClient> apis)
    {
        using var signIn = new FleetSignIn(fleet) { BackChannelOn = "i1" };
        var tokens = await signIn.SignInAsync(new AuthorizationRequest(DemoRealm.SsoPortal, "openid products:read"), DemoRealm.Alice);
        var bearer = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        Assert.All(await Task.WhenAll(apis.Select(api => StatusAsync(api, bearer))), status => Assert.Equal(HttpStatusCode.OK, status));

        var revoked = await signIn.Tokens.RevokeAsync(DemoRealm.SsoPortal, tokens.AccessToken!);
        var sinceRevoked = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.OK, revoked.Status);

        // Every instance polled at once, as fast as it answers: when each first refuses is the measurement.
        return await Task.WhenAll(apis.Select(async api =>
        {
            while (await StatusAsync(api, bearer) != HttpStatusCode.Unauthorized)
            {
                Assert.True(sinceRevoked.Elapsed < TimeSpan.FromSeconds(10), "An instance still takes the revoked token after 10 s.");
            }

            return sinceRevoked.Elapsed;
        }));
    }

    private static async Task<HttpStatusCode> StatusAsync(FleetClient api, AuthenticationHeaderValue bearer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/products") { Headers = { Authorization = bearer } };
        using var response = await api.Http.SendAsync(request);
        return response.StatusCode;
    }
}
