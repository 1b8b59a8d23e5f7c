using Aict.CommerceApi.FunctionalTests.Infrastructure;
using Aict.IdentityServer.Protocol.Signing;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Aict.CommerceApi.FunctionalTests.Security;

/// <summary>
/// CommerceApi reads IdentityServer's JWKS again as soon as IdentityServer says its keys changed, instead of when its
/// metadata next expires: a retired key stops being trusted, and a new key is known before the first token it signs.
/// </summary>
public sealed class SigningKeyChangesTests(SqliteServices services) : IClassFixture<SqliteServices>
{
    [Fact]
    public async Task Keys_rotated_at_IdentityServer_reach_CommerceApi_s_trusted_keys_without_a_token_asking_for_them()
    {
        // A request makes CommerceApi read the metadata once.
        using var partner = await services.PartnerAsync();
        (await partner.GetAsync("/api/products")).EnsureSuccessStatusCode();
        var before = await TrustedKeysAsync();

        await using (var scope = services.Identity.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<KeyStore>().ScheduleNextSigningKeysAsync();
        }

        var after = await Eventually.MatchAsync(TrustedKeysAsync, kids => kids.Count == before.Count + 2, "CommerceApi to trust the next keys", seconds: 10);
        Assert.Superset(before.ToHashSet(), after.ToHashSet());
    }

    private async Task<IReadOnlyList<string>> TrustedKeysAsync()
    {
        var bearer = services.Api.Services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme);
        var configuration = await bearer.ConfigurationManager!.GetConfigurationAsync(CancellationToken.None);
        return configuration.SigningKeys.Select(key => key.KeyId).ToList();
    }
}
