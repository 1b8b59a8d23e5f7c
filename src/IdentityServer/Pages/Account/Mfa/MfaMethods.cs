using Aict.IdentityServer.SignIn.Mfa;

namespace Aict.IdentityServer.Pages.Account.Mfa;

/// <summary>The factors the challenge page offers, by the names its links use.</summary>
public static class MfaMethods
{
    public const string Totp = "totp";
    public const string Sms = "sms";
    public const string Recovery = "recovery";

    /// <summary>The requested factor if the user has it, else the first they have (authenticator app, text message, recovery code).</summary>
    public static string Choose(string? requested, MfaFactorSummary factors)
    {
        var available = Available(factors);
        return requested is not null && available.Contains(requested) ? requested : available.FirstOrDefault(Recovery);
    }

    public static IReadOnlyList<string> Available(MfaFactorSummary factors)
    {
        var methods = new List<string>();
        if (factors.Totp)
        {
            methods.Add(Totp);
        }

        if (factors.Sms)
        {
            methods.Add(Sms);
        }

        if (factors.RecoveryCodesLeft > 0)
        {
            methods.Add(Recovery);
        }

        return methods;
    }
}
