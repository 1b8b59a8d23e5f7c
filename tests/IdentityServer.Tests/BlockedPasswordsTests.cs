using Aict.IdentityServer.SignIn.Passwords;

namespace Aict.IdentityServer.Tests;

public sealed class BlockedPasswordsTests
{
    private readonly BlockedPasswords _blocked = new();

    [Fact]
    public void The_shipped_list_holds_well_over_a_hundred_thousand_passwords_a_user_could_choose() =>
        Assert.InRange(_blocked.Count, 100_000, 1_000_000);

    [Theory]
    [InlineData("password1")]
    [InlineData("PASSWORD1")]
    [InlineData("Qwerty123")]
    [InlineData("iloveyou")]
    [InlineData("ｐａｓｓｗｏｒｄ１")]
    public void Common_passwords_are_blocked_in_any_letter_case_and_width(string password) =>
        Assert.True(_blocked.Contains(password));

    [Theory]
    [InlineData("Alice#2026dev")]
    [InlineData("Bob#2026dev")]
    [InlineData("Admin#2026dev")]
    [InlineData("Carol#2026dev")]
    [InlineData("quiet harbour lantern 2026")]
    public void The_demo_realms_published_passwords_and_a_passphrase_are_not_blocked(string password) =>
        Assert.False(_blocked.Contains(password));
}
