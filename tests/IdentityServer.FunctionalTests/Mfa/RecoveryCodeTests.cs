using System.Security.Cryptography;
using System.Text;
using Aict.IdentityServer.Administration.Audit;
using Aict.IdentityServer.FunctionalTests.Infrastructure;
using Aict.IdentityServer.SignIn.Mfa.RecoveryCodes;
using Microsoft.EntityFrameworkCore;

namespace Aict.IdentityServer.FunctionalTests.Mfa;

/// <summary>Recovery codes: ten shown once, stored salted and hashed, each redeemable once, replaced as a set.</summary>
public abstract class RecoveryCodeTests(ServerFixture server)
{
    private IdentityServerFactory Factory => server.Factory;

    [Fact]
    public async Task Ten_distinct_codes_are_generated_and_each_works_exactly_once()
    {
        var account = await MfaAccount.CreateAsync(Factory);

        var codes = await account.GenerateRecoveryCodesAsync();

        Assert.Equal(RecoveryCodeSet.CodesPerSet, codes.Distinct().Count());
        Assert.All(codes, code => Assert.Matches("^[2-9a-hjkmnp-z]{5}-[2-9a-hjkmnp-z]{5}$", code));
        foreach (var code in codes)
        {
            Assert.True(await account.RedeemAsync(code));
            Assert.False(await account.RedeemAsync(code));
        }

        Assert.Equal(0, (await account.FactorsAsync()).RecoveryCodesLeft);
        var audit = await account.AuditTypesAsync();
        Assert.Equal(AuditEventTypes.RecoveryCodesGenerated, audit[0]);
        Assert.Equal(RecoveryCodeSet.CodesPerSet, audit.Count(t => t == AuditEventTypes.RecoveryCodeUsed));
    }

    [Fact]
    public async Task Regenerating_invalidates_every_code_of_the_previous_set()
    {
        var account = await MfaAccount.CreateAsync(Factory);
        var old = await account.GenerateRecoveryCodesAsync();

        var fresh = await account.GenerateRecoveryCodesAsync();

        Assert.Empty(old.Intersect(fresh));
        Assert.False(await account.RedeemAsync(old[0]));
        Assert.True(await account.RedeemAsync(fresh[0]));
        Assert.Equal(RecoveryCodeSet.CodesPerSet - 1, (await account.FactorsAsync()).RecoveryCodesLeft);
    }

    [Fact]
    public async Task A_code_is_accepted_whatever_its_case_dashes_or_spaces()
    {
        var account = await MfaAccount.CreateAsync(Factory);
        var codes = await account.GenerateRecoveryCodesAsync();

        Assert.True(await account.RedeemAsync($" {codes[0].ToUpperInvariant()} "));
        Assert.True(await account.RedeemAsync(codes[1].Replace("-", " ", StringComparison.Ordinal)));
        Assert.True(await account.RedeemAsync(codes[2].Replace("-", "", StringComparison.Ordinal)));
        Assert.False(await account.RedeemAsync(codes[3][..10]));
        Assert.False(await account.RedeemAsync(string.Empty));
    }

    [Fact]
    public async Task Codes_are_stored_salted_never_as_the_sha256_of_a_code()
    {
        var account = await MfaAccount.CreateAsync(Factory);
        var codes = await account.GenerateRecoveryCodesAsync();

        var stored = await account.QueryAsync(db => db.RecoveryCodes.AsNoTracking().Where(c => c.UserId == account.UserId).ToListAsync());

        var sha256 = codes.Select(c => Convert.ToHexString(Sha256(c))).ToHashSet();
        Assert.Equal(RecoveryCodeSet.CodesPerSet, stored.Count);
        Assert.DoesNotContain(stored, c => sha256.Contains(Convert.ToHexString(c.CodeHash)));
    }

    [Fact]
    public async Task A_code_stored_as_a_bare_sha256_before_salting_still_works_exactly_once()
    {
        var account = await MfaAccount.CreateAsync(Factory);
        await account.GenerateRecoveryCodesAsync();
        const string code = "k7m2p-9xq4r";
        await account.QueryAsync(async db =>
        {
            db.RecoveryCodes.Add(new RecoveryCode { UserId = account.UserId, CodeHash = Sha256(code), CreatedAt = DateTimeOffset.UtcNow });
            return await db.SaveChangesAsync();
        });

        Assert.True(await account.RedeemAsync(code));
        Assert.False(await account.RedeemAsync(code));
        Assert.Equal(RecoveryCodeSet.CodesPerSet, (await account.FactorsAsync()).RecoveryCodesLeft);
    }

    private static string Plain(string code) => code.Replace("-", "", StringComparison.Ordinal);

    private static byte[] Sha256(string code) => SHA256.HashData(Encoding.ASCII.GetBytes(Plain(code)));

    [Fact]
    public async Task Of_two_concurrent_uses_of_one_code_only_one_passes()
    {
        var account = await MfaAccount.CreateAsync(Factory);
        var code = (await account.GenerateRecoveryCodesAsync())[0];

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => account.RedeemAsync(code))));

        Assert.Single(results, redeemed => redeemed);
    }

    [Fact]
    public async Task Another_users_code_is_refused()
    {
        var owner = await MfaAccount.CreateAsync(Factory);
        var other = await MfaAccount.CreateAsync(Factory);
        var codes = await owner.GenerateRecoveryCodesAsync();
        await other.GenerateRecoveryCodesAsync();

        Assert.False(await other.RedeemAsync(codes[0]));
        Assert.True(await owner.RedeemAsync(codes[0]));
    }
}

[Collection(OnSqlite.Name)]
public sealed class RecoveryCodeTestsOnSqlite(SqliteServer server) : RecoveryCodeTests(server);

[Collection(OnPostgres.Name)]
public sealed class RecoveryCodeTestsOnPostgres(PostgresServer server) : RecoveryCodeTests(server);
