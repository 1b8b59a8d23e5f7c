using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Aict.IdentityServer.Administration.Account;
using Aict.IdentityServer.SignIn.Mfa.Passkeys;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Aict.IdentityServer.FunctionalTests.Passkeys;

/// <summary>Passkey rules that take time to show: the recent sign-in for changes, and ceremonies that expire. They move a clock of their own.</summary>
public sealed class PasskeyClockTests(PasskeyClockTests.Server server) : IClassFixture<PasskeyClockTests.Server>
{
    private IdentityServerFactory Factory => server.Factory;

    [Fact]
    public async Task Adding_or_removing_a_passkey_needs_a_recent_sign_in_but_listing_and_renaming_do_not()
    {
        var user = await TestUsers.CreateAsync(Factory);
        var portal = await PortalSession.SignInAsync(Factory, user);
        var passkey = await PasskeyRows.AddAsync(Factory, await TestUsers.IdOfAsync(Factory, user));
        Factory.Clock.Advance(TimeSpan.FromMinutes(11));
        // The access token has expired by now: a refreshed one keeps the sign-in's auth_time.
        var refreshed = await portal.Flow.Tokens.RefreshAsync(DemoRealm.SsoPortal, portal.Tokens.RefreshToken!);
        using var api = Factory.CreateBackChannel();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", refreshed.AccessToken);

        using var options = await api.PostAsync("/api/account/passkeys/options", null);
        using var removal = await api.DeleteAsync($"/api/account/passkeys/{passkey.Id}");
        using var list = await api.GetAsync("/api/account/passkeys");
        using var rename = await api.PatchAsJsonAsync($"/api/account/passkeys/{passkey.Id}", new { name = "Renamed" });

        Assert.Equal(HttpStatusCode.Forbidden, options.StatusCode);
        Assert.Equal(RecentSignIn.ProblemType, (await options.Content.ReadFromJsonAsync<ProblemDetails>())!.Type);
        Assert.Equal(HttpStatusCode.Forbidden, removal.StatusCode);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(HttpStatusCode.OK, rename.StatusCode);
        Assert.Single(await PasskeyRows.OfAsync(Factory, passkey.UserId));
    }

    [Fact]
    public async Task A_ceremony_answered_after_its_lifetime_is_refused()
    {
        var ceremonies = Factory.Services.GetRequiredService<PasskeyCeremonies>();
        var id = await ceremonies.StartAsync(PasskeyCeremonyKind.Assertion, null, "{}");

        Factory.Clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));

        Assert.Null(await ceremonies.TakeAsync(id, PasskeyCeremonyKind.Assertion));
    }

    /// <summary>An IdentityServer of its own on SQLite, whose clock these tests move.</summary>
    public sealed class Server() : ServerFixture(TestDatabase.Sqlite());
}
