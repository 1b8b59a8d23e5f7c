using Aict.IdentityServer.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Aict.IdentityServer.FunctionalTests.Keys;

/// <summary>
/// The Data Protection key ring in the identity database, beside the signing keys and secrets it seals, is stored
/// encrypted with the configured certificate, and a restarted or re-certified server still reads it.
/// </summary>
public abstract class KeyRingEncryptionTests(TestDatabase database) : IAsyncLifetime
{
    private readonly KeyRingCertificate _certificate = KeyRingCertificates.Create();

    [Fact]
    public async Task With_a_certificate_the_stored_key_ring_holds_no_clear_master_key()
    {
        await using var factory = new IdentityServerFactory(database, _certificate.Settings());

        await ClientCredentialsAsync(factory);

        var stored = await StoredKeyRingAsync(factory);
        Assert.NotEmpty(stored);
        Assert.All(stored, xml =>
        {
            Assert.Contains("<encryptedSecret", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_restarted_server_reads_its_encrypted_key_ring_and_signs_with_the_same_key()
    {
        string kid;
        await using (var first = new IdentityServerFactory(database, _certificate.Settings()))
        {
            kid = new JsonWebToken(await ClientCredentialsAsync(first)).Kid;
        }

        await using var restarted = new IdentityServerFactory(database, _certificate.Settings());

        Assert.Equal(kid, new JsonWebToken(await ClientCredentialsAsync(restarted)).Kid);
    }

    [Fact]
    public async Task After_a_certificate_roll_keys_sealed_under_the_previous_certificate_are_still_read()
    {
        string token;
        await using (var before = new IdentityServerFactory(database, _certificate.Settings()))
        {
            token = await ClientCredentialsAsync(before);
        }

        var next = KeyRingCertificates.Create();
        var rolled = next.Settings().Concat(_certificate.Settings("DataProtection:Certificate:Previous:0")).ToDictionary();
        await using var after = new IdentityServerFactory(database, rolled);

        Assert.Equal(new JsonWebToken(token).Kid, new JsonWebToken(await ClientCredentialsAsync(after)).Kid);
        await new TokenValidator(after.CreateBackChannel()).ValidateAsync(token, "commerce-api", "at+jwt");
    }

    private static async Task<string> ClientCredentialsAsync(IdentityServerFactory factory)
    {
        var response = await new TokenClient(factory.CreateBackChannel()).ClientCredentialsAsync(DemoRealm.PartnerErp, "products:read");
        Assert.NotNull(response.AccessToken);
        return response.AccessToken;
    }

    private static async Task<List<string>> StoredKeyRingAsync(IdentityServerFactory factory)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        return await db.DataProtectionKeys.AsNoTracking().Select(key => key.Xml!).ToListAsync();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await database.DisposeAsync();
}

public sealed class KeyRingEncryptionOnSqlite() : KeyRingEncryptionTests(TestDatabase.Sqlite());

public sealed class KeyRingEncryptionOnPostgres() : KeyRingEncryptionTests(TestDatabase.Postgres());
