using System.Diagnostics.CodeAnalysis;

namespace Aict.IdentityServer.SignIn.Mfa.Sms;

/// <summary>Phone numbers in E.164: a plus and 8 to 15 digits, the first not zero.</summary>
public static class E164PhoneNumber
{
    /// <summary>Drops the spaces, dots, dashes and brackets people type; true when what is left is E.164.</summary>
    public static bool TryNormalize(string? input, [NotNullWhen(true)] out string? normalized)
    {
        normalized = null;
        if (string.IsNullOrWhiteSpace(input))
        {
            return false;
        }

        var kept = new string([.. input.Trim().Where(character => character is not (' ' or '.' or '-' or '(' or ')'))]);
        if (!IsValid(kept))
        {
            return false;
        }

        normalized = kept;
        return true;
    }

    public static bool IsValid(string value) =>
        value.Length is >= 9 and <= 16
        && value[0] == '+'
        && value[1] is >= '1' and <= '9'
        && value.AsSpan(1).ContainsAnyExceptInRange('0', '9') is false;
}
