using static Aict.IdentityServer.FunctionalTests.Detection.RiskServers;
using static Aict.IdentityServer.FunctionalTests.Detection.RiskTrail;

namespace Aict.IdentityServer.FunctionalTests.Detection;

/// <summary>Redis being unreachable must not stop anyone signing in: the risk rules fail open (and log it).</summary>
public sealed class RiskOutageTests
{
    [Fact]
    public async Task With_Redis_down_an_impossible_journey_still_signs_in_unassessed()
    {
        await using var database = TestDatabase.Sqlite();
        // Nothing listens on port 1; short timeouts keep each unanswered call quick.
        await using var server = new IdentityServerFactory(database, new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = "127.0.0.1:1,connectTimeout=200,asyncTimeout=200,syncTimeout=200",
        });
        var user = await TestUsers.CreateAsync(server);
        using var browser = BrowserFrom(server, Seoul);
        var inSeoul = await SignInAsync(browser, user);
        server.Clock.Advance(TimeSpan.FromMinutes(1));

        using var elsewhere = BrowserFrom(server, NewYork);
        var inNewYork = await SignInAsync(elsewhere, user);

        Assert.Equal(("/", "/"), (inSeoul.Path, inNewYork.Path));
        Assert.Empty(await AssessmentsAsync(server, await TestUsers.IdOfAsync(server, user)));
    }
}
