using System.Net;
using Aict.CommerceApi.FunctionalTests.Infrastructure;
using Aict.CommerceApi.FunctionalTests.Revocation;

namespace Aict.CommerceApi.FunctionalTests.Provisioning;

/// <summary>
/// The story end to end: an HR system provisions a user over SCIM, the user signs in and calls CommerceApi,
/// the HR system switches the user off, and CommerceApi refuses the user's token within a second.
/// </summary>
[Collection(OnSqlite.Name)]
public sealed class ScimDeactivationTests(SqliteServices services)
{
    private const string Path = "/api/categories";

    [Fact]
    public async Task A_user_provisioned_by_partner_hr_signs_in_and_deactivation_makes_CommerceApi_refuse_the_token_within_a_second()
    {
        await using var instance = new OwnApi(services.Identity, TestDatabase.Sqlite(), settings: null);
        using (var health = instance.CreateClient(accessToken: null))
        {
            (await health.GetAsync("/alive")).EnsureSuccessStatusCode();
        }

        var scim = await ScimClient.ForAsync(services.Identity);
        var resource = ScimClient.NewUser("Provisioned#2026");
        var created = await scim.PostAsync("/scim/v2/Users", resource);
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var user = new DemoUser((string)resource["userName"]!, "Provisioned#2026");
        var tokens = await new CodeFlow(services.Identity).SignInAsync(new AuthorizationRequest(DemoRealm.ChannelWeb, "openid products:read"), user);
        using var api = instance.CreateClient(tokens.AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync(Path)).StatusCode);

        var deactivated = await scim.PatchAsync($"/scim/v2/Users/{created.Id}", ScimClient.Patch(new { op = "replace", path = "active", value = false }));

        Assert.Equal(HttpStatusCode.OK, deactivated.Status);
        using var refused = await Revocation.Eventually.StatusAsync(api, Path, HttpStatusCode.Unauthorized, seconds: 1);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        using var browser = services.Identity.CreateBrowser();
        var nextSignIn = await browser.SignInAsync(await browser.GoAsync(new AuthorizationRequest(DemoRealm.ChannelWeb).Url), user.Email, user.Password);
        Assert.Null(nextSignIn.LeftTo);
        Assert.Equal("/account/login", nextSignIn.Path, ignoreCase: true);
    }
}
