using Aict.SsoPortal.Tests.Infrastructure;

namespace Aict.SsoPortal.Tests.Security;

/// <summary>IdentityServer with a one-minute recent-sign-in window: moving its clock 90 s makes a sign-in stale while tokens still live.</summary>
public sealed class SecurityServers() : PortalAndIdentityServer(new ShortRecentSignInServer())
{
    public const string Name = "Security pages";

    public sealed class ShortRecentSignInServer()
        : ServerFixture(TestDatabase.Sqlite(), new Dictionary<string, string?> { ["Mfa:RecentSignInWindow"] = "00:01:00" });
}

/// <summary>The security pages' tests share one pair of servers; they move its clock, so they run one at a time.</summary>
[CollectionDefinition(SecurityServers.Name)]
public sealed class SharingSecurityServers : ICollectionFixture<SecurityServers>;

/// <summary>What the tests of the portal's security pages share: a new user's browser, and the authenticator app set up on its page.</summary>
public abstract class SecurityPageTest(SecurityServers servers)
{
    protected static readonly IReadOnlyDictionary<string, string> NoFields = new Dictionary<string, string>();

    protected IdentityServerFactory Identity => servers.Identity.Factory;

    protected UserAgent NewUser()
    {
        var (portal, identity) = servers.CreateBrowsers();
        return new UserAgent(portal, identity);
    }

    /// <summary>Sets up the authenticator app with the key its page shows, as a person typing it into an app would.</summary>
    protected async Task<(Navigation Confirmed, string Key)> AddAuthenticatorAsync(UserAgent user)
    {
        var setup = await user.SubmitAsync(await user.GoAsync("/security/authenticator"), NoFields, "#begin-totp");
        var key = KeyOn(setup);
        var confirmed = await user.SubmitAsync(setup, new Dictionary<string, string> { ["Totp.Code"] = Identity.Authenticator.NextCode(key) }, "#confirm-totp");
        return (confirmed, key);
    }

    protected static string KeyOn(Navigation setup) => setup.Document.QuerySelector("#totp-secret")!.TextContent.Trim();

    protected static List<string> RecoveryCodesOn(Navigation page) =>
        [.. page.Document.QuerySelectorAll("#recovery-codes li").Select(li => li.TextContent.Trim())];

    /// <summary>Every field a person fills in has a label of its own.</summary>
    protected static void AssertEveryInputIsLabelled(Navigation page)
    {
        foreach (var input in page.Document.QuerySelectorAll("main input:not([type=hidden])"))
        {
            Assert.NotNull(page.Document.QuerySelector($"label[for='{input.Id}']"));
        }
    }
}
