using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Aict.IdentityServer.FunctionalTests.Passwords;

/// <summary>The NIST option of a longer minimum for accounts that have only their password.</summary>
public sealed class PasswordLengthOptionTests : IAsyncLifetime
{
    private readonly TestDatabase _database = TestDatabase.Sqlite();

    [Fact]
    public async Task With_a_longer_minimum_without_a_second_factor_a_password_only_account_needs_15_characters()
    {
        // The demo users' published passwords are shorter than 15 characters: no demo realm under this option.
        await using var factory = new IdentityServerFactory(_database, new Dictionary<string, string?>
        {
            ["Passwords:MinimumLengthWithoutSecondFactor"] = "15",
            ["Seed:Demo"] = "false",
        });
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();

        var passwordOnly = await users.CreateAsync(NewUser(twoFactor: false), "twelve chars");
        var longEnough = await users.CreateAsync(NewUser(twoFactor: false), "fifteen letters");
        var withFactor = await users.CreateAsync(NewUser(twoFactor: true), "twelve chars");

        Assert.Equal("Use at least 15 characters.", Assert.Single(passwordOnly.Errors).Description.Split(" A few")[0]);
        Assert.True(longEnough.Succeeded);
        Assert.True(withFactor.Succeeded);
    }

    private static ApplicationUser NewUser(bool twoFactor)
    {
        var email = $"length-{Guid.NewGuid():N}@example.com";
        return new ApplicationUser { UserName = email, Email = email, TwoFactorEnabled = twoFactor };
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _database.DisposeAsync();
}
