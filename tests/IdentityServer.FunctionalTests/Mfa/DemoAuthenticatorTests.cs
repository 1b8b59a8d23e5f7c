using Aict.IdentityServer.FunctionalTests.Infrastructure;
using Aict.IdentityServer.SignIn.Mfa.Totp;

namespace Aict.IdentityServer.FunctionalTests.Mfa;

/// <summary>The demo realm's bob and admin have authenticators whose secrets are published (ARCHITECTURE.md).</summary>
public abstract class DemoAuthenticatorTests(ServerFixture server)
{
    private IdentityServerFactory Factory => server.Factory;

    [Fact]
    public async Task Bobs_seeded_authenticator_accepts_a_code_computed_from_the_demo_secret()
    {
        var bob = await MfaAccount.OfAsync(Factory, DemoRealm.Bob);

        // The shared server's authenticator app: other tests sign bob in too, and a time step is used once.
        var code = Factory.Authenticator.NextCode("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");

        Assert.Equal(TotpCheckResult.Valid, await bob.VerifyAsync(code));
        Assert.True(await bob.TwoFactorEnabledAsync());
        Assert.True((await bob.FactorsAsync()).Totp);
    }

    [Fact]
    public async Task The_demo_admins_seeded_authenticator_accepts_a_code_computed_from_the_published_secret()
    {
        var admin = await MfaAccount.OfAsync(Factory, DemoRealm.Admin);

        var code = Factory.Authenticator.NextCode("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");

        Assert.Equal(TotpCheckResult.Valid, await admin.VerifyAsync(code));
        Assert.True(await admin.TwoFactorEnabledAsync());
    }

    [Fact]
    public async Task The_other_demo_users_have_no_second_factor()
    {
        foreach (var user in new[] { DemoRealm.Alice, DemoRealm.Carol })
        {
            var account = await MfaAccount.OfAsync(Factory, user);
            Assert.False((await account.FactorsAsync()).HasSecondFactor);
            Assert.False(await account.TwoFactorEnabledAsync());
        }
    }
}

[Collection(OnSqlite.Name)]
public sealed class DemoAuthenticatorTestsOnSqlite(SqliteServer server) : DemoAuthenticatorTests(server);

[Collection(OnPostgres.Name)]
public sealed class DemoAuthenticatorTestsOnPostgres(PostgresServer server) : DemoAuthenticatorTests(server);
