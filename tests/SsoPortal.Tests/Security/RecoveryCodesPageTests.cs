namespace Aict.SsoPortal.Tests.Security;

/// <summary>The recovery codes' page: how many are left, and new ones that replace them, shown once.</summary>
[Collection(SecurityServers.Name)]
public sealed class RecoveryCodesPageTests(SecurityServers servers) : SecurityPageTest(servers)
{
    [Fact]
    public async Task New_recovery_codes_replace_the_old_ones_and_show_once()
    {
        using var user = NewUser();
        await user.SignInAsync(await TestUsers.CreateAsync(Identity));
        var first = RecoveryCodesOn((await AddAuthenticatorAsync(user)).Confirmed);
        var page = await user.GoAsync("/security/recovery-codes");
        Assert.Contains("10", page.Document.QuerySelector("#recovery-count")?.TextContent);

        var regenerated = await user.SubmitAsync(page, NoFields, "#regenerate-codes");

        Assert.Equal("/security/recovery-codes", regenerated.Path);
        var fresh = RecoveryCodesOn(regenerated);
        Assert.Equal(10, fresh.Count);
        Assert.Empty(first.Intersect(fresh));
        Assert.True(regenerated.Headers.CacheControl?.NoStore);
        Assert.Empty(RecoveryCodesOn(await user.GoAsync("/security/recovery-codes")));
    }

    [Fact]
    public async Task Without_a_second_factor_there_are_no_codes_to_regenerate()
    {
        using var user = NewUser();
        await user.SignInAsync(await TestUsers.CreateAsync(Identity));

        var page = await user.GoAsync("/security/recovery-codes");

        Assert.Contains("0", page.Document.QuerySelector("#recovery-count")?.TextContent);
        Assert.Null(page.Document.QuerySelector("#regenerate-codes"));
        Assert.NotNull(page.Document.QuerySelector("#recovery-needs-factor"));
    }
}
