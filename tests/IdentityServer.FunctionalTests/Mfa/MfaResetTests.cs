using System.Net;
using Aict.IdentityServer.Administration.Audit;
using Aict.IdentityServer.FunctionalTests.Infrastructure;
using Aict.IdentityServer.Platform.Data;
using Aict.IdentityServer.SignIn.Mfa;
using Aict.IdentityServer.SignIn.Mfa.Passkeys;
using Aict.IdentityServer.SignIn.Mfa.RecoveryCodes;
using Aict.IdentityServer.SignIn.Mfa.Sms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aict.IdentityServer.FunctionalTests.Mfa;

/// <summary>An administrator's MFA reset leaves the user with no second factor of any kind.</summary>
public abstract class MfaResetTests(ServerFixture server)
{
    private IdentityServerFactory Factory => server.Factory;

    [Fact]
    public async Task An_admin_reset_removes_the_authenticator_recovery_codes_phone_and_passkeys()
    {
        var admin = await PortalSession.SignInAsync(Factory, DemoRealm.Admin);
        var account = await MfaAccount.CreateAsync(Factory);
        var bystander = await MfaAccount.CreateAsync(Factory);
        foreach (var user in new[] { account, bystander })
        {
            await user.EnrolTotpAsync(Factory.Clock);
            await user.GenerateRecoveryCodesAsync();
            await AddPhoneAndPasskeyAsync(user);
        }

        Assert.Equal(new MfaFactorSummary(true, true, 1, RecoveryCodeSet.CodesPerSet), await account.FactorsAsync());

        using var response = await admin.Api.PostAsync($"/api/admin/users/{account.UserId}/mfa/reset", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new MfaFactorSummary(false, false, 0, 0), await account.FactorsAsync());
        Assert.False(await account.QueryAsync(db => db.TotpAuthenticators.AnyAsync(t => t.UserId == account.UserId)));
        Assert.False(await account.QueryAsync(db => db.PhoneFactors.AnyAsync(p => p.UserId == account.UserId)));
        Assert.False(await account.TwoFactorEnabledAsync());
        Assert.Equal(AuditEventTypes.MfaReset, (await account.AuditTypesAsync())[^1]);
        Assert.Equal(new MfaFactorSummary(true, true, 1, RecoveryCodeSet.CodesPerSet), await bystander.FactorsAsync());
    }

    // Phones and passkeys have no enrolment service yet (SMS and WebAuthn come next): rows as those will write them.
    private static Task<int> AddPhoneAndPasskeyAsync(MfaAccount account) => account.UseAsync((services, user) =>
    {
        var db = services.GetRequiredService<ApplicationDbContext>();
        db.PhoneFactors.Add(new PhoneFactor { UserId = user.Id, PhoneNumber = "+821012345678", CreatedAt = DateTimeOffset.UtcNow, VerifiedAt = DateTimeOffset.UtcNow });
        db.Passkeys.Add(new Passkey
        {
            Id = Guid.NewGuid(),
            UserId = user.Id,
            CredentialId = Guid.NewGuid().ToByteArray(),
            PublicKey = [1, 2, 3],
            UserHandle = Guid.NewGuid().ToByteArray(),
            Name = "Test key",
            CreatedAt = DateTimeOffset.UtcNow,
        });
        return db.SaveChangesAsync();
    });
}

[Collection(OnSqlite.Name)]
public sealed class MfaResetTestsOnSqlite(SqliteServer server) : MfaResetTests(server);

[Collection(OnPostgres.Name)]
public sealed class MfaResetTestsOnPostgres(PostgresServer server) : MfaResetTests(server);
