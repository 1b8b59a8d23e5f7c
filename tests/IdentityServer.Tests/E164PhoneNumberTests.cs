using Aict.IdentityServer.SignIn.Mfa.Sms;

namespace Aict.IdentityServer.Tests;

public sealed class E164PhoneNumberTests
{
    [Theory]
    [InlineData("+821012345678", "+821012345678")]
    [InlineData(" +82 10-1234-5678 ", "+821012345678")]
    [InlineData("+1 (415) 555.0100", "+14155550100")]
    [InlineData("+12345678", "+12345678")]
    [InlineData("+123456789012345", "+123456789012345")]
    public void A_number_with_a_plus_and_8_to_15_digits_is_kept_without_its_separators(string typed, string expected)
    {
        Assert.True(E164PhoneNumber.TryNormalize(typed, out var normalized));
        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("01012345678")]
    [InlineData("+1234567")]
    [InlineData("+1234567890123456")]
    [InlineData("+0123456789")]
    [InlineData("++821012345678")]
    [InlineData("+82 10 1234 567x")]
    [InlineData("+８２１０１２３４５６７８")]
    public void Anything_else_is_not_a_phone_number(string? typed)
    {
        Assert.False(E164PhoneNumber.TryNormalize(typed, out var normalized));
        Assert.Null(normalized);
    }
}
