namespace Aict.SsoPortal.Account;

/// <summary>The user's second factors (<c>GET /api/account/mfa</c>); phone numbers come masked.</summary>
public sealed record MfaSummary(bool Totp, string? Phone, string? PendingPhone, int Passkeys, int RecoveryCodesLeft, bool Required)
{
    /// <summary>Whether any second factor is on; recovery codes come with the first.</summary>
    public bool HasFactor => Totp || Phone is not null || Passkeys > 0;
}

/// <summary>A started authenticator-app set-up: the URI for the QR code and the same secret for typing in.</summary>
public sealed record TotpSetup(string AuthenticatorUri, string ManualEntryKey);

/// <summary>A factor was added; the first one brings the recovery codes, shown only this once.</summary>
public sealed record FactorEnrolled(IReadOnlyList<string>? RecoveryCodes);

/// <summary>A new set of recovery codes, shown only this once.</summary>
public sealed record NewRecoveryCodes(IReadOnlyList<string> Codes);

/// <summary>A code is on its way to this (masked) number.</summary>
public sealed record PhoneCodeSent(string Phone);
