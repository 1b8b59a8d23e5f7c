namespace Aict.IdentityServer.SignIn.Users;

/// <summary>RFC 8176 authentication method reference values, as the ID token's <c>amr</c> lists them.</summary>
public static class AuthenticationMethods
{
    public const string Password = "pwd";

    /// <summary>A TOTP code from an authenticator app, or a recovery code: both are one-time passwords.</summary>
    public const string OneTimePassword = "otp";

    public const string Sms = "sms";

    /// <summary>A device-bound passkey or security key.</summary>
    public const string HardwareKey = "hwk";

    /// <summary>A synced passkey (backup eligible): the key lives in software that copies it between devices.</summary>
    public const string SoftwareKey = "swk";

    /// <summary>A synced passkey (the provider backs it up, so it is eligible for backup) is software; any other is hardware.</summary>
    public static string ForPasskey(bool backupEligible) => backupEligible ? SoftwareKey : HardwareKey;

    /// <summary>Added when the sign-in used more than one kind of factor (or a user-verified passkey).</summary>
    public const string MultiFactor = "mfa";

    /// <summary>
    /// The methods a sign-in records: those used, plus <c>mfa</c> when they span two kinds (something
    /// known and something held) or include a passkey, whose user verification is a factor of its own.
    /// </summary>
    public static IReadOnlyList<string> Combine(IEnumerable<string> used)
    {
        var methods = used.Where(m => m != MultiFactor).Distinct(StringComparer.Ordinal).ToList();
        var held = methods.Count(m => m is OneTimePassword or Sms or HardwareKey or SoftwareKey);
        var passkey = methods.Any(m => m is HardwareKey or SoftwareKey);
        if ((held > 0 && methods.Contains(Password)) || passkey)
        {
            methods.Add(MultiFactor);
        }

        return methods;
    }
}
