namespace Aict.IdentityServer.SignIn.Mfa.Sms;

/// <summary>An E.164 number as the user may see it on a shared screen: the country code and the last four digits.</summary>
public static class MaskedPhoneNumber
{
    // ITU-T E.164 country codes: 1 and 7 have one digit, these have two, every other has three.
    private static readonly HashSet<string> TwoDigitCodes =
    [
        "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46", "47", "48", "49",
        "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63", "64", "65", "66",
        "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98",
    ];

    /// <summary><c>+821012345678</c> becomes <c>+82 •••• 5678</c>.</summary>
    public static string Mask(string e164)
    {
        if (!E164PhoneNumber.IsValid(e164))
        {
            throw new ArgumentException("Only E.164 numbers are masked.", nameof(e164));
        }

        var digits = e164[1..];
        var countryCodeLength = digits[0] is '1' or '7' ? 1 : TwoDigitCodes.Contains(digits[..2]) ? 2 : 3;
        return $"+{digits[..countryCodeLength]} •••• {digits[^4..]}";
    }
}
