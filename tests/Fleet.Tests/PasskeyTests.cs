using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Aict.Fleet.Tests.Infrastructure;

namespace Aict.Fleet.Tests;

/// <summary>A passkey ceremony's challenge lives in Redis: any instance can finish what another started.</summary>
[Collection(TheFleet.Name)]
public sealed class PasskeyTests(FleetFixture fleet)
{
    [Fact]
    public async Task A_passkey_registration_started_on_one_instance_is_finished_on_the_other()
    {
        var user = await (await fleet.Administrator).CreateUserAsync();
        using var signIn = new FleetSignIn(fleet);
        var tokens = await signIn.SignInAsync(new AuthorizationRequest(DemoRealm.SsoPortal, PortalSession.Scopes), user);
        using var onI1 = Account(tokens, "i1");
        using var onI2 = Account(tokens, "i2");
        using var passkey = new SoftwarePasskey();

        using var started = await onI1.Http.PostAsync("/api/account/passkeys/options", content: null);
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        var start = await started.Content.ReadFromJsonAsync<JsonElement>();
        using var finished = await onI2.Http.PostAsJsonAsync("/api/account/passkeys", new
        {
            ceremonyId = start.GetProperty("ceremonyId").GetString(),
            name = "Fleet laptop",
            credential = passkey.Register(start.GetProperty("options"), fleet.Identity.GetLeftPart(UriPartial.Authority)),
        });

        Assert.True(finished.IsSuccessStatusCode, await finished.Content.ReadAsStringAsync());
        var listed = await onI1.Http.GetFromJsonAsync<JsonElement>("/api/account/passkeys");
        Assert.Equal("Fleet laptop", Assert.Single(listed.EnumerateArray()).GetProperty("name").GetString());
    }

    private FleetClient Account(TokenResponse tokens, string instance)
    {
        var client = FleetFixture.CreateClient(fleet.Identity, instance);
        client.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        return client;
    }
}
