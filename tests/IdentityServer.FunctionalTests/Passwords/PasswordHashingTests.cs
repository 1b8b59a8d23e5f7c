using System.Buffers.Binary;
using System.Text;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Aict.IdentityServer.FunctionalTests.Passwords;

/// <summary>
/// Passwords are hashed with PBKDF2-HMAC-SHA512 at OWASP's 210,000 iterations; a hash made with fewer is re-made at
/// the next successful sign-in, and Production refuses a lower count.
/// </summary>
public sealed class PasswordHashingTests : IAsyncLifetime
{
    private const int OwaspIterations = 210_000;
    private readonly TestDatabase _database = TestDatabase.Sqlite();

    [Fact]
    public async Task A_hash_of_100000_iterations_is_rehashed_at_210000_by_the_next_sign_in_and_still_signs_in()
    {
        await using var factory = new IdentityServerFactory(_database, new Dictionary<string, string?>
        {
            ["Passwords:HashIterations"] = OwaspIterations.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var user = await UserWithOldHashAsync(factory, "Older#2026hash", iterations: 100_000);
        Assert.Equal(100_000, Iterations(await StoredHashAsync(factory, user.Email)));

        var first = await SignInAsync(factory, user);
        var upgraded = await StoredHashAsync(factory, user.Email);
        var second = await SignInAsync(factory, user);

        Assert.Equal("/", first.Path);
        Assert.Equal(OwaspIterations, Iterations(upgraded));
        Assert.Equal("/", second.Path);
    }

    [Fact]
    public async Task A_failed_sign_in_leaves_the_old_hash_as_it_was()
    {
        await using var factory = new IdentityServerFactory(_database, new Dictionary<string, string?> { ["Passwords:HashIterations"] = "210000" });
        var user = await UserWithOldHashAsync(factory, "Older#2026hash", iterations: 100_000);
        var before = await StoredHashAsync(factory, user.Email);

        await SignInAsync(factory, user with { Password = "Wrong#2026hash" });

        Assert.Equal(before, await StoredHashAsync(factory, user.Email));
    }

    [Fact]
    public async Task Production_hashes_with_210000_iterations_by_default()
    {
        await using var factory = new IdentityServerFactory(_database, IdentityServerFactory.ProductionSettings, "Production");

        var hasher = factory.Services.GetRequiredService<IOptions<PasswordHasherOptions>>().Value;

        Assert.Equal(OwaspIterations, hasher.IterationCount);
        Assert.Equal(PasswordHasherCompatibilityMode.IdentityV3, hasher.CompatibilityMode);
    }

    [Fact]
    public async Task Outside_Development_fewer_than_210000_iterations_stop_the_start_and_name_the_key()
    {
        await using var factory = new IdentityServerFactory(_database,
            new Dictionary<string, string?>(IdentityServerFactory.ProductionSettings) { ["Passwords:HashIterations"] = "100000" }, "Production");

        var failure = Record.Exception(() => factory.CreateBackChannel());

        Assert.NotNull(failure);
        Assert.Contains("Passwords:HashIterations must be at least 210000 outside Development", failure.ToString());
    }

    [Fact]
    public async Task A_password_typed_in_another_Unicode_normal_form_still_verifies()
    {
        await using var factory = new IdentityServerFactory(_database);
        const string password = "한글로 된 긴 비밀번호 문장";
        var user = await UserWithOldHashAsync(factory, password.Normalize(NormalizationForm.FormC), iterations: 10_000);

        var typedDecomposed = await SignInAsync(factory, user with { Password = password.Normalize(NormalizationForm.FormD) });

        Assert.NotEqual(password.Normalize(NormalizationForm.FormC), password.Normalize(NormalizationForm.FormD));
        Assert.Equal("/", typedDecomposed.Path);
    }

    // The V3 format: 0x01, then the PRF, the iteration count and the salt length as big-endian 32-bit integers.
    private static int Iterations(string hash)
    {
        var bytes = Convert.FromBase64String(hash);
        Assert.Equal(0x01, bytes[0]);
        Assert.Equal((uint)KeyDerivationPrfSha512, BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(1)));
        return (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(5));
    }

    private const int KeyDerivationPrfSha512 = 2;

    // A user whose stored hash was made elsewhere, as by an earlier release with another iteration count.
    private static async Task<DemoUser> UserWithOldHashAsync(IdentityServerFactory factory, string password, int iterations)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var email = $"hash-{Guid.NewGuid():N}@example.com";
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true };
        Assert.True((await users.CreateAsync(user)).Succeeded);
        user.PasswordHash = new PasswordHasher<ApplicationUser>(Options.Create(new PasswordHasherOptions { IterationCount = iterations }))
            .HashPassword(user, password);
        Assert.True((await users.UpdateAsync(user)).Succeeded);
        return new DemoUser(email, password);
    }

    private static async Task<string> StoredHashAsync(IdentityServerFactory factory, string email)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email))!.PasswordHash!;
    }

    private static async Task<Navigation> SignInAsync(IdentityServerFactory factory, DemoUser user)
    {
        using var browser = factory.CreateBrowser();
        return await browser.SignInAsync(await browser.GoAsync("/account/login"), user.Email, user.Password);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _database.DisposeAsync();
}
