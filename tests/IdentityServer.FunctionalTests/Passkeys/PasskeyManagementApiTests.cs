using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aict.IdentityServer.Administration.Audit;
using Aict.IdentityServer.FunctionalTests.Infrastructure;
using Aict.IdentityServer.FunctionalTests.Mfa;
using Aict.IdentityServer.SignIn.Mfa;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Aict.IdentityServer.FunctionalTests.Passkeys;

/// <summary>The user's own passkeys through the account API: listed, renamed and removed, never another user's.</summary>
public abstract class PasskeyManagementApiTests(ServerFixture server)
{
    private IdentityServerFactory Factory => server.Factory;

    [Fact]
    public async Task The_list_shows_only_the_callers_passkeys_with_their_names_and_dates()
    {
        var (user, account) = await NewAccountAsync();
        var portal = await PortalSession.SignInAsync(Factory, user);
        var mine = await PasskeyRows.AddAsync(Factory, account.UserId, "Phone");
        await PasskeyRows.AddAsync(Factory, (await MfaAccount.CreateAsync(Factory)).UserId, "Someone else's");

        var listed = await portal.Api.GetFromJsonAsync<JsonElement>("/api/account/passkeys");

        var passkey = Assert.Single(listed.EnumerateArray());
        Assert.Equal(mine.Id, passkey.GetProperty("id").GetGuid());
        Assert.Equal("Phone", passkey.GetProperty("name").GetString());
        Assert.Equal(mine.CreatedAt, passkey.GetProperty("createdAt").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, passkey.GetProperty("lastUsedAt").ValueKind);
    }

    [Fact]
    public async Task A_passkey_is_renamed_with_a_trimmed_name_and_an_empty_one_is_refused()
    {
        var (user, account) = await NewAccountAsync();
        var portal = await PortalSession.SignInAsync(Factory, user);
        var passkey = await PasskeyRows.AddAsync(Factory, account.UserId);

        using var renamed = await portal.Api.PatchAsJsonAsync($"/api/account/passkeys/{passkey.Id}", new { name = "  Work laptop " });
        using var empty = await portal.Api.PatchAsJsonAsync($"/api/account/passkeys/{passkey.Id}", new { name = "" });

        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal("Work laptop", Assert.Single(await PasskeyRows.OfAsync(Factory, account.UserId)).Name);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.True((await empty.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("Name", out _));
    }

    [Fact]
    public async Task Another_users_passkey_can_be_neither_renamed_nor_removed_and_looks_like_no_passkey()
    {
        var victim = await MfaAccount.CreateAsync(Factory);
        var theirs = await PasskeyRows.AddAsync(Factory, victim.UserId, "Victim's key");
        var portal = await PortalSession.SignInAsync(Factory, await TestUsers.CreateAsync(Factory));

        using var renamed = await portal.Api.PatchAsJsonAsync($"/api/account/passkeys/{theirs.Id}", new { name = "Mine now" });
        using var removed = await portal.Api.DeleteAsync($"/api/account/passkeys/{theirs.Id}");

        Assert.Equal(HttpStatusCode.NotFound, renamed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, removed.StatusCode);
        Assert.Equal("application/problem+json", removed.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Victim's key", Assert.Single(await PasskeyRows.OfAsync(Factory, victim.UserId)).Name);
    }

    [Fact]
    public async Task Removing_the_last_passkey_turns_two_step_sign_in_off_and_is_audited()
    {
        var (user, account) = await NewAccountAsync();
        var portal = await PortalSession.SignInAsync(Factory, user);
        var passkey = await PasskeyRows.AddAsync(Factory, account.UserId);
        Assert.True(await account.TwoFactorEnabledAsync());

        using var response = await portal.Api.DeleteAsync($"/api/account/passkeys/{passkey.Id}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await PasskeyRows.OfAsync(Factory, account.UserId));
        Assert.False(await account.TwoFactorEnabledAsync());
        Assert.Equal(AuditEventTypes.PasskeyRemoved, (await account.AuditTypesAsync())[^1]);
    }

    [Fact]
    public async Task The_last_passkey_stays_when_an_app_the_user_signed_in_to_requires_MFA_but_a_second_one_may_go()
    {
        var (user, account) = await NewAccountAsync();
        var portal = await PortalSession.SignInAsync(Factory, user);
        var first = await PasskeyRows.AddAsync(Factory, account.UserId, "First");
        await AuthorizeAppRequiringMfaAsync(account.UserId);
        var second = await PasskeyRows.AddAsync(Factory, account.UserId, "Second");

        using var secondRemoved = await portal.Api.DeleteAsync($"/api/account/passkeys/{second.Id}");
        using var lastRefused = await portal.Api.DeleteAsync($"/api/account/passkeys/{first.Id}");

        Assert.Equal(HttpStatusCode.NoContent, secondRemoved.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, lastRefused.StatusCode);
        Assert.Equal("application/problem+json", lastRefused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(first.Id, Assert.Single(await PasskeyRows.OfAsync(Factory, account.UserId)).Id);
        Assert.True(await account.TwoFactorEnabledAsync());
    }

    private async Task<(DemoUser User, MfaAccount Account)> NewAccountAsync()
    {
        var user = await TestUsers.CreateAsync(Factory);
        return (user, await MfaAccount.OfAsync(Factory, user));
    }

    /// <summary>A client with <c>require_mfa</c> that holds a valid authorization of the user, as after a sign-in to it.</summary>
    private async Task AuthorizeAppRequiringMfaAsync(string userId)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var descriptor = new OpenIddictApplicationDescriptor { ClientId = $"mfa-app-{Guid.NewGuid():N}", ClientType = ClientTypes.Public };
        descriptor.Properties[MfaRequirement.ClientProperty] = JsonSerializer.SerializeToElement(true);
        var application = await applications.CreateAsync(descriptor);
        await scope.ServiceProvider.GetRequiredService<IOpenIddictAuthorizationManager>().CreateAsync(new OpenIddictAuthorizationDescriptor
        {
            ApplicationId = await applications.GetIdAsync(application),
            Subject = userId,
            Status = Statuses.Valid,
            Type = AuthorizationTypes.Permanent,
            CreationDate = Factory.Clock.GetUtcNow(),
        });
    }
}

[Collection(OnSqlite.Name)]
public sealed class PasskeyManagementApiTestsOnSqlite(SqliteServer server) : PasskeyManagementApiTests(server);

[Collection(OnPostgres.Name)]
public sealed class PasskeyManagementApiTestsOnPostgres(PostgresServer server) : PasskeyManagementApiTests(server);
