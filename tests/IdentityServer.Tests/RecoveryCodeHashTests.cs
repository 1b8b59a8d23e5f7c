using System.Security.Cryptography;
using System.Text;
using Aict.IdentityServer.SignIn.Mfa.RecoveryCodes;

namespace Aict.IdentityServer.Tests;

public sealed class RecoveryCodeHashTests
{
    private const string Code = "abcde23456";

    [Fact]
    public void The_same_code_stored_twice_gives_two_different_values_and_both_match_it()
    {
        var first = RecoveryCodeHash.Compute(Code);
        var second = RecoveryCodeHash.Compute(Code);

        Assert.NotEqual(first, second);
        Assert.True(RecoveryCodeHash.Matches(first, Code, RecoveryCodeHash.Legacy(Code)));
        Assert.True(RecoveryCodeHash.Matches(second, Code, RecoveryCodeHash.Legacy(Code)));
    }

    [Fact]
    public void A_stored_value_is_not_the_sha256_of_the_code_and_does_not_match_another_code()
    {
        var stored = RecoveryCodeHash.Compute(Code);

        Assert.NotEqual(SHA256.HashData(Encoding.ASCII.GetBytes(Code)), stored);
        Assert.False(RecoveryCodeHash.Matches(stored, "abcde23457", RecoveryCodeHash.Legacy("abcde23457")));
    }

    [Fact]
    public void A_code_stored_as_a_bare_sha256_before_salting_still_matches_and_only_its_own_code()
    {
        var legacy = SHA256.HashData(Encoding.ASCII.GetBytes(Code));

        Assert.True(RecoveryCodeHash.Matches(legacy, Code, RecoveryCodeHash.Legacy(Code)));
        Assert.False(RecoveryCodeHash.Matches(legacy, "abcde23457", RecoveryCodeHash.Legacy("abcde23457")));
    }
}
