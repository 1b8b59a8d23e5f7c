using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Aict.TestSupport;

/// <summary>Fresh accounts for tests that change, lock or reset a user: the demo users stay as documented.</summary>
public static class TestUsers
{
    public static async Task<DemoUser> CreateAsync(IdentityServerFactory factory, string? role = null)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var email = $"user-{Guid.NewGuid():N}@example.com";
        var password = $"Test#{Guid.NewGuid():N}"[..20];
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, GivenName = "Test" };
        AssertSucceeded(await users.CreateAsync(user, password));
        if (role is not null)
        {
            AssertSucceeded(await users.AddToRoleAsync(user, role));
        }

        return new DemoUser(email, password);
    }

    /// <summary>The user's id, as tokens carry it in <c>sub</c>.</summary>
    public static async Task<string> IdOfAsync(IdentityServerFactory factory, DemoUser user)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        return (await users.FindByEmailAsync(user.Email))!.Id;
    }

    private static void AssertSucceeded(IdentityResult result) =>
        Xunit.Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
}
