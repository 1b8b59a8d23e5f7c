using Aict.IdentityServer.SignIn.Mfa.Sms;

namespace Aict.IdentityServer.Tests;

public sealed class MaskedPhoneNumberTests
{
    [Theory]
    [InlineData("+821012345678", "+82 •••• 5678")]
    [InlineData("+14155550100", "+1 •••• 0100")]
    [InlineData("+79161234567", "+7 •••• 4567")]
    [InlineData("+447911123456", "+44 •••• 3456")]
    [InlineData("+85291234567", "+852 •••• 4567")]
    [InlineData("+35312345678", "+353 •••• 5678")]
    public void Only_the_country_code_and_the_last_four_digits_show(string number, string masked) =>
        Assert.Equal(masked, MaskedPhoneNumber.Mask(number));

    [Fact]
    public void A_number_not_in_E164_is_refused() =>
        Assert.Throws<ArgumentException>(() => MaskedPhoneNumber.Mask("010-1234-5678"));
}
