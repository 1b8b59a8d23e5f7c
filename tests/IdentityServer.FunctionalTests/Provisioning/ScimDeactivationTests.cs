using System.Buffers.Binary;
using System.Buffers.Text;
using System.Formats.Cbor;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Aict.IdentityServer.FunctionalTests.Infrastructure;
using Aict.IdentityServer.Platform.Data;
using Aict.IdentityServer.SignIn.Mfa;
using Aict.IdentityServer.SignIn.Mfa.Passkeys;
using Microsoft.Extensions.DependencyInjection;

namespace Aict.IdentityServer.FunctionalTests.Provisioning;

/// <summary>A user switched off over SCIM (<c>active: false</c>) or deleted can no longer sign in or refresh, by any means.</summary>
[Collection(OnSqlite.Name)]
public sealed class ScimDeactivationTests(SqliteServer server)
{
    private const string Password = "Provisioned#2026";

    private IdentityServerFactory Factory => server.Factory;

    [Theory]
    [InlineData("""{"op":"Replace","path":"active","value":"False"}""")]
    [InlineData("""{"op":"replace","value":{"active":false}}""")]
    [InlineData("delete")]
    public async Task A_deactivated_or_deleted_user_cannot_sign_in_with_the_password_or_refresh(string change)
    {
        var scim = await ScimClient.ForAsync(Factory);
        var (id, user) = await ProvisionAsync(scim);
        var flow = new CodeFlow(Factory);
        var tokens = await flow.SignInAsync(new AuthorizationRequest(DemoRealm.ChannelWeb, "openid offline_access"), user);

        var answer = change == "delete"
            ? await scim.DeleteAsync($"/scim/v2/Users/{id}")
            : await scim.PatchAsync($"/scim/v2/Users/{id}", $$"""{"schemas":["{{ScimClient.PatchOp}}"],"Operations":[{{change}}]}""");

        Assert.True(answer.Status is HttpStatusCode.OK or HttpStatusCode.NoContent, answer.ToString());
        Assert.Equal("invalid_grant", (await flow.Tokens.RefreshAsync(DemoRealm.ChannelWeb, tokens.RefreshToken!)).Error);
        Assert.Equal("login_required", (await flow.AuthorizeSilentlyAsync(new AuthorizationRequest(DemoRealm.ChannelWeb))).Error);
        using var browser = Factory.CreateBrowser();
        var refused = await browser.SignInAsync(await browser.GoAsync(new AuthorizationRequest(DemoRealm.ChannelWeb).Url), user.Email, user.Password);
        Assert.Null(refused.LeftTo);
        Assert.Equal("/account/login", refused.Path, ignoreCase: true);
    }

    [Fact]
    public async Task A_disabled_account_is_refused_a_passwordless_passkey_sign_in_that_works_once_it_is_enabled_again()
    {
        var scim = await ScimClient.ForAsync(Factory);
        var (id, _) = await ProvisionAsync(scim);
        var passkey = await SoftPasskey.RegisterAsync(Factory, id);
        await scim.PatchAsync($"/scim/v2/Users/{id}", ScimClient.Patch(new { op = "replace", path = "active", value = false }));

        var refusedFlow = new CodeFlow(Factory);
        var refused = await PasskeySignInAsync(refusedFlow, passkey);
        await scim.PatchAsync($"/scim/v2/Users/{id}", ScimClient.Patch(new { op = "replace", path = "active", value = true }));
        var acceptedFlow = new CodeFlow(Factory);
        var accepted = await PasskeySignInAsync(acceptedFlow, passkey);

        Assert.Equal("/Account/Passkey", refused.Path);
        Assert.NotNull(refused.Document.QuerySelector("#passkey-error"));
        Assert.Equal("login_required", (await refusedFlow.AuthorizeSilentlyAsync(new AuthorizationRequest(DemoRealm.ChannelWeb))).Error);
        Assert.Null(accepted.Document.QuerySelector("#passkey-error"));
        Assert.NotNull((await acceptedFlow.AuthorizeSilentlyAsync(new AuthorizationRequest(DemoRealm.ChannelWeb))).Code);
    }

    [Fact]
    public async Task A_sign_in_waiting_for_its_passkey_is_refused_when_the_account_is_disabled_in_between()
    {
        var scim = await ScimClient.ForAsync(Factory);
        var (id, user) = await ProvisionAsync(scim);
        var passkey = await SoftPasskey.RegisterAsync(Factory, id);
        var flow = new CodeFlow(Factory);
        var step = await flow.Browser.SignInAsync(await flow.Browser.GoAsync(new AuthorizationRequest(DemoRealm.ChannelWeb).Url), user.Email, user.Password);
        Assert.Equal("/Account/Mfa/Passkey", step.Path);
        var start = await OptionsAsync(flow, step, "/Account/Mfa/Passkey");

        await scim.PatchAsync($"/scim/v2/Users/{id}", ScimClient.Patch(new { op = "replace", path = "active", value = false }));
        var refused = await flow.Browser.SubmitAsync(step, new Dictionary<string, string>
        {
            ["CeremonyId"] = start.GetProperty("ceremonyId").GetString()!,
            ["Credential"] = passkey.Answer(start.GetProperty("options").GetProperty("challenge").GetString()!),
        }, "#passkey-button");

        Assert.Null(refused.LeftTo);
        Assert.NotNull(refused.Document.QuerySelector("#passkey-error"));
        Assert.Null(refused.Document.QuerySelector("#passkey-form"));
        Assert.Equal("login_required", (await flow.AuthorizeSilentlyAsync(new AuthorizationRequest(DemoRealm.ChannelWeb))).Error);
    }

    private static async Task<(string Id, DemoUser User)> ProvisionAsync(ScimClient scim)
    {
        var resource = ScimClient.NewUser(Password);
        var created = await scim.PostAsync("/scim/v2/Users", resource);
        Assert.Equal(HttpStatusCode.Created, created.Status);
        return (created.Id!, new DemoUser((string)resource["userName"]!, Password));
    }

    /// <summary>The login page's passkey button: options from the page's handler, the authenticator's answer posted back.</summary>
    private static async Task<Navigation> PasskeySignInAsync(CodeFlow flow, SoftPasskey passkey)
    {
        var login = await flow.Browser.GoAsync(new AuthorizationRequest(DemoRealm.ChannelWeb).Url);
        var start = await OptionsAsync(flow, login, "/Account/Passkey");
        return await flow.Browser.SubmitAsync(login, new Dictionary<string, string>
        {
            ["CeremonyId"] = start.GetProperty("ceremonyId").GetString()!,
            ["Credential"] = passkey.Answer(start.GetProperty("options").GetProperty("challenge").GetString()!),
        }, "#passkey-button");
    }

    /// <summary>What the page's script fetches: the form's fields (antiforgery token included) posted to the Options handler.</summary>
    private static async Task<JsonElement> OptionsAsync(CodeFlow flow, Navigation page, string path)
    {
        var fields = page.Document.QuerySelectorAll("#passkey-form input")
            .Select(input => KeyValuePair.Create(input.GetAttribute("name")!, input.GetAttribute("value") ?? string.Empty));
        using var response = await flow.Browser.Http.PostAsync($"{path}?handler=Options", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary>A passkey held in software: a P-256 key stored as a registration would store it, and assertions signed with it.</summary>
    private sealed class SoftPasskey
    {
        private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        private readonly byte[] _credentialId = RandomNumberGenerator.GetBytes(32);
        private readonly byte[] _userHandle = RandomNumberGenerator.GetBytes(32);
        private uint _counter;

        public static async Task<SoftPasskey> RegisterAsync(IdentityServerFactory factory, string userId)
        {
            var passkey = new SoftPasskey();
            await using var scope = factory.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
            db.Passkeys.Add(new Passkey
            {
                Id = Guid.NewGuid(),
                UserId = userId,
                CredentialId = passkey._credentialId,
                PublicKey = passkey.CoseKey(),
                UserHandle = passkey._userHandle,
                Transports = "internal",
                Name = "Software key",
                CreatedAt = factory.Clock.GetUtcNow(),
            });
            await db.SaveChangesAsync();
            await scope.ServiceProvider.GetRequiredService<MfaFactors>().SyncTwoFactorAsync((await db.Users.FindAsync(userId))!);
            return passkey;
        }

        /// <summary>The browser's <c>credential.toJSON()</c> for a user-verified assertion from IdentityServer's development origin.</summary>
        public string Answer(string challenge)
        {
            var clientData = JsonSerializer.SerializeToUtf8Bytes(new { type = "webauthn.get", challenge, origin = "http://localhost:5100", crossOrigin = false });
            var counter = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(counter, ++_counter);
            // RP id hash, flags user present and user verified, signature counter.
            byte[] authenticatorData = [.. SHA256.HashData(Encoding.UTF8.GetBytes("localhost")), 0x05, .. counter];
            var signature = _key.SignData([.. authenticatorData, .. SHA256.HashData(clientData)], HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
            return JsonSerializer.Serialize(new
            {
                id = Base64Url.EncodeToString(_credentialId),
                rawId = Base64Url.EncodeToString(_credentialId),
                type = "public-key",
                response = new
                {
                    clientDataJSON = Base64Url.EncodeToString(clientData),
                    authenticatorData = Base64Url.EncodeToString(authenticatorData),
                    signature = Base64Url.EncodeToString(signature),
                    userHandle = Base64Url.EncodeToString(_userHandle),
                },
                clientExtensionResults = new { },
            });
        }

        /// <summary>The public key as COSE (RFC 9053): EC2, ES256, P-256, x, y.</summary>
        private byte[] CoseKey()
        {
            var point = _key.ExportParameters(false).Q;
            var writer = new CborWriter(CborConformanceMode.Ctap2Canonical);
            writer.WriteStartMap(5);
            writer.WriteInt32(1);
            writer.WriteInt32(2);
            writer.WriteInt32(3);
            writer.WriteInt32(-7);
            writer.WriteInt32(-1);
            writer.WriteInt32(1);
            writer.WriteInt32(-2);
            writer.WriteByteString(point.X!);
            writer.WriteInt32(-3);
            writer.WriteByteString(point.Y!);
            writer.WriteEndMap();
            return writer.Encode();
        }
    }
}
