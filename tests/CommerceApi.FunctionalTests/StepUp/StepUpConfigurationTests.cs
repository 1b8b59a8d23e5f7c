using Aict.CommerceApi.FunctionalTests.Infrastructure;

namespace Aict.CommerceApi.FunctionalTests.StepUp;

/// <summary>A misconfigured MFA limit stops the API at start-up with a message that names the key.</summary>
[Collection(OnSqlite.Name)]
public sealed class StepUpConfigurationTests(SqliteServices services)
{
    [Theory]
    [InlineData("KRW", "-1")]
    [InlineData("won", "1000")]
    public async Task A_bad_mfa_limit_fails_the_start_naming_the_key(string currency, string amount)
    {
        await using var database = TestDatabase.Sqlite();
        await using var api = new CommerceApiFactory(services.Identity, database, new Dictionary<string, string?>
        {
            [$"Orders:MfaRequiredAbove:{currency}"] = amount,
        });

        var failure = Record.Exception(() => api.CreateClient());

        Assert.NotNull(failure);
        Assert.Contains("Orders:MfaRequiredAbove", failure.ToString());
    }
}
