using Aict.Fleet.Tests.Infrastructure;

namespace Aict.Fleet.Tests;

/// <summary>
/// A client changed in the admin console on one instance works on the other at once (within a second), although
/// that instance already remembers the client as it was.
/// </summary>
[Collection(TheFleet.Name)]
public sealed class ClientChangeTests(FleetFixture fleet)
{
    private const int AtOnceSeconds = 1;

    [Fact]
    public async Task A_redirect_uri_added_on_one_instance_is_accepted_by_the_other_at_once()
    {
        var admin = await fleet.Administrator;
        admin.On = "i1";
        const string first = "http://127.0.0.1:9/first", second = "http://127.0.0.1:9/second";
        var client = await admin.CreateClientAsync(FleetAdministrator.WebClient(first));
        using var signIn = new FleetSignIn(fleet) { PagesOn = "i2", BackChannelOn = "i2" };
        await signIn.SignInAsync(new AuthorizationRequest(client, "openid"), DemoRealm.Alice);

        await admin.UpdateClientAsync(client.ClientId, FleetAdministrator.WebClient(first, second));

        await Eventually.MatchAsync(
            async () => await signIn.Browser.GoAsync(new AuthorizationRequest(client with { RedirectUri = second }, "openid").Url),
            page => page.LeftTo?.GetLeftPart(UriPartial.Path) == second,
            $"instance i2 to accept the redirect URI added on i1", seconds: AtOnceSeconds);
    }

    [Fact]
    public async Task A_secret_rotated_on_one_instance_is_the_only_one_the_other_accepts_at_once()
    {
        var admin = await fleet.Administrator;
        admin.On = "i1";
        var client = await admin.CreateClientAsync(FleetAdministrator.MachineClient());
        using var tokens = FleetFixture.CreateClient(fleet.Identity, "i2");
        var onI2 = new TokenClient(tokens.Http);
        Assert.NotNull((await onI2.ClientCredentialsAsync(client, "products:read")).AccessToken);

        var rotated = client with { Secret = await admin.RotateSecretAsync(client.ClientId) };

        await Eventually.MatchAsync(
            async () => (New: await onI2.ClientCredentialsAsync(rotated, "products:read"), Old: await onI2.ClientCredentialsAsync(client, "products:read")),
            answers => answers.New.AccessToken is not null && answers.Old.Error == "invalid_client",
            "instance i2 to accept only the secret rotated on i1", seconds: AtOnceSeconds);
    }
}
