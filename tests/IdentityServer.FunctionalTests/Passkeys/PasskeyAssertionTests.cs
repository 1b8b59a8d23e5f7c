using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using Aict.IdentityServer.FunctionalTests.Infrastructure;
using Aict.IdentityServer.SignIn.Mfa.Passkeys;
using Fido2NetLib;
using Microsoft.Extensions.DependencyInjection;

namespace Aict.IdentityServer.FunctionalTests.Passkeys;

/// <summary>
/// Passkey sign-in ceremonies without a browser: which credentials the options allow, and the answers refused
/// before or at Fido2's check. Real signatures come from Chromium's virtual authenticator in the browser tests.
/// </summary>
public abstract class PasskeyAssertionTests(ServerFixture server)
{
    private IdentityServerFactory Factory => server.Factory;

    [Fact]
    public async Task Options_for_a_user_allow_only_their_passkeys_and_passwordless_options_allow_any_discoverable_one()
    {
        var userId = await NewUserIdAsync();
        var first = await PasskeyRows.AddAsync(Factory, userId);
        var second = await PasskeyRows.AddAsync(Factory, userId);
        await PasskeyRows.AddAsync(Factory, await NewUserIdAsync());

        var forUser = await UseAsync(assertion => assertion.BeginAsync(userId));
        var passwordless = await UseAsync(assertion => assertion.BeginAsync(null));

        Assert.Equal(
            new[] { first.CredentialId, second.CredentialId }.Select(id => Base64Url.EncodeToString(id)).Order(),
            forUser!.Options.GetProperty("allowCredentials").EnumerateArray().Select(c => c.GetProperty("id").GetString()).Order());
        Assert.Equal("required", forUser.Options.GetProperty("userVerification").GetString());
        Assert.Equal("localhost", forUser.Options.GetProperty("rpId").GetString());
        Assert.Empty(passwordless!.Options.TryGetProperty("allowCredentials", out var any) ? any.EnumerateArray() : default);
        Assert.NotEqual(forUser.CeremonyId, passwordless.CeremonyId);
    }

    [Fact]
    public async Task A_user_without_passkeys_gets_no_sign_in_options()
    {
        var userId = await NewUserIdAsync();

        Assert.Null(await UseAsync(assertion => assertion.BeginAsync(userId)));
    }

    [Fact]
    public async Task Another_users_credential_is_refused_and_their_passkey_stays_untouched()
    {
        var attacker = await NewUserIdAsync();
        await PasskeyRows.AddAsync(Factory, attacker);
        var victim = await PasskeyRows.AddAsync(Factory, await NewUserIdAsync());
        var start = await UseAsync(assertion => assertion.BeginAsync(attacker));

        var verified = await UseAsync(assertion => assertion.VerifyAsync(attacker, start!.CeremonyId, Answer(start, victim.CredentialId)));

        Assert.Null(verified);
        var after = Assert.Single(await PasskeyRows.OfAsync(Factory, victim.UserId));
        Assert.Null(after.LastUsedAt);
        Assert.Equal(0, after.SignCount);
    }

    [Fact]
    public async Task A_ceremony_started_for_one_user_cannot_complete_another_users_sign_in()
    {
        var first = await PasskeyRows.AddAsync(Factory, await NewUserIdAsync());
        var second = await PasskeyRows.AddAsync(Factory, await NewUserIdAsync());
        var start = await UseAsync(assertion => assertion.BeginAsync(first.UserId));

        Assert.Null(await UseAsync(assertion => assertion.VerifyAsync(second.UserId, start!.CeremonyId, Answer(start, second.CredentialId))));
        Assert.Null(await UseAsync(assertion => assertion.VerifyAsync(null, start!.CeremonyId, Answer(start, first.CredentialId))));
    }

    [Fact]
    public async Task An_unknown_credential_is_refused_in_a_passwordless_sign_in()
    {
        var start = await UseAsync(assertion => assertion.BeginAsync(null));

        Assert.Null(await UseAsync(assertion => assertion.VerifyAsync(null, start!.CeremonyId, Answer(start, RandomNumberGenerator.GetBytes(32)))));
    }

    [Fact]
    public async Task A_bad_signature_is_refused_and_the_ceremony_cannot_be_answered_again()
    {
        var passkey = await PasskeyRows.AddAsync(Factory, await NewUserIdAsync());
        var start = await UseAsync(assertion => assertion.BeginAsync(passkey.UserId));

        var forged = await UseAsync(assertion => assertion.VerifyAsync(passkey.UserId, start!.CeremonyId, Answer(start, passkey.CredentialId)));
        var ceremonyAfterwards = await Factory.Services.GetRequiredService<PasskeyCeremonies>().TakeAsync(start!.CeremonyId, PasskeyCeremonyKind.Assertion);

        Assert.Null(forged);
        Assert.Null(ceremonyAfterwards);
        Assert.Null(Assert.Single(await PasskeyRows.OfAsync(Factory, passkey.UserId)).LastUsedAt);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5)]
    public async Task A_malformed_answer_for_this_relying_party_is_refused_not_an_error(int bytesAfterTheRpIdHash)
    {
        var passkey = await PasskeyRows.AddAsync(Factory, await NewUserIdAsync());
        var start = await UseAsync(assertion => assertion.BeginAsync(passkey.UserId));
        // The RP id hash passes Fido2's first check; the flags, counter and stored key are what it must then parse.
        byte[] authenticatorData = [.. SHA256.HashData("localhost"u8), .. new byte[] { 0x05, 0, 0, 0, 9 }.Take(bytesAfterTheRpIdHash)];

        var verified = await UseAsync(assertion => assertion.VerifyAsync(passkey.UserId, start!.CeremonyId, Answer(start, passkey.CredentialId, authenticatorData)));

        Assert.Null(verified);
    }

    [Fact]
    public async Task A_ceremony_is_taken_once_and_only_as_its_own_kind()
    {
        var ceremonies = Factory.Services.GetRequiredService<PasskeyCeremonies>();
        var once = await ceremonies.StartAsync(PasskeyCeremonyKind.Assertion, null, "{}");
        var otherKind = await ceremonies.StartAsync(PasskeyCeremonyKind.Registration, "user", "{}");

        Assert.NotNull(await ceremonies.TakeAsync(once, PasskeyCeremonyKind.Assertion));
        Assert.Null(await ceremonies.TakeAsync(once, PasskeyCeremonyKind.Assertion));
        Assert.Null(await ceremonies.TakeAsync(otherKind, PasskeyCeremonyKind.Assertion));
        Assert.Null(await ceremonies.TakeAsync("not a ceremony id!", PasskeyCeremonyKind.Assertion));
    }

    private async Task<string> NewUserIdAsync() => await TestUsers.IdOfAsync(Factory, await TestUsers.CreateAsync(Factory));

    private async Task<T> UseAsync<T>(Func<PasskeyAssertion, Task<T>> action)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<PasskeyAssertion>());
    }

    /// <summary>An answer to the ceremony's challenge from IdentityServer's origin for the credential, signed by no authenticator.</summary>
    private static AuthenticatorAssertionRawResponse Answer(PasskeyCeremonyStart start, byte[] credentialId, byte[]? authenticatorData = null) =>
        JsonSerializer.Deserialize<AuthenticatorAssertionRawResponse>(JsonSerializer.Serialize(new
        {
            id = Base64Url.EncodeToString(credentialId),
            rawId = Base64Url.EncodeToString(credentialId),
            type = "public-key",
            response = new
            {
                clientDataJSON = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new
                {
                    type = "webauthn.get",
                    challenge = start.Options.GetProperty("challenge").GetString(),
                    origin = "http://localhost:5100",
                })),
                authenticatorData = Base64Url.EncodeToString(authenticatorData ?? RandomNumberGenerator.GetBytes(37)),
                signature = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(64)),
            },
            clientExtensionResults = new { },
        }))!;
}

[Collection(OnSqlite.Name)]
public sealed class PasskeyAssertionTestsOnSqlite(SqliteServer server) : PasskeyAssertionTests(server);

[Collection(OnPostgres.Name)]
public sealed class PasskeyAssertionTestsOnPostgres(PostgresServer server) : PasskeyAssertionTests(server);
