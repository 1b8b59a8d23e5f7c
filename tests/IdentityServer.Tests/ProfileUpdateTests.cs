using System.Text.RegularExpressions;
using Aict.IdentityServer.Administration.Account;

namespace Aict.IdentityServer.Tests;

public sealed class ProfileUpdateTests
{
    [Theory]
    [InlineData("+821012345678")]
    [InlineData("+82 10-1234-5678")]
    [InlineData("+1 415.555.0100")]
    [InlineData("+4420 7946 0958")]
    [InlineData("+1234567")]
    [InlineData("+123456789012345")]
    public void An_international_number_with_readable_separators_is_plausible(string phoneNumber) =>
        Assert.Matches(ProfileUpdate.PhoneNumberPattern, phoneNumber);

    [Theory]
    [InlineData("010-1234-5678")]
    [InlineData("+0 10 1234 5678")]
    [InlineData("+123456")]
    [InlineData("+1234567890123456")]
    [InlineData("+82--10-1234-5678")]
    [InlineData("+82 10-1234-5678 ext 9")]
    [InlineData("+82 (10) 1234 5678")]
    [InlineData("+82 10-1234-5678\n+1")]
    public void Anything_else_is_not_a_phone_number(string phoneNumber) =>
        Assert.DoesNotMatch(new Regex(ProfileUpdate.PhoneNumberPattern), phoneNumber);
}
