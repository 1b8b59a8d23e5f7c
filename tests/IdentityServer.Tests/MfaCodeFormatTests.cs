using Aict.IdentityServer.SignIn.Mfa.RecoveryCodes;
using Aict.IdentityServer.SignIn.Mfa.Totp;

namespace Aict.IdentityServer.Tests;

public sealed class MfaCodeFormatTests
{
    [Fact]
    public void The_authenticator_uri_names_the_issuer_and_the_account_and_carries_the_secret()
    {
        var uri = TotpEnrolment.AuthenticatorUri("bob@example.com", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");

        Assert.Equal("otpauth://totp/Aict%20Identity:bob%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Aict%20Identity&algorithm=SHA1&digits=6&period=30", uri);
    }

    [Theory]
    [InlineData("abcde-fghjk", "abcdefghjk")]
    [InlineData(" ABCDE FGHJK ", "abcdefghjk")]
    [InlineData("AbCdEfGhJk", "abcdefghjk")]
    [InlineData("ab-cd - ef\tgh jk", "abcdefghjk")]
    public void Recovery_codes_are_compared_without_case_dashes_or_spaces(string typed, string normalized) =>
        Assert.Equal(normalized, RecoveryCodeSet.Normalize(typed));
}
