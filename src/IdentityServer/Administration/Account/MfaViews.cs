using System.ComponentModel.DataAnnotations;

namespace Aict.IdentityServer.Administration.Account;

/// <summary>
/// The caller's second factors: the authenticator app, the phone (masked; <see cref="PendingPhone"/> while a
/// code waits to be entered), passkeys, unused recovery codes, and whether the account must keep a factor.
/// </summary>
public sealed record MfaSummaryView(
    bool Totp, string? Phone, string? PendingPhone, int Passkeys, int RecoveryCodesLeft, bool Required);

/// <summary>
/// A factor was added. <see cref="RecoveryCodes"/> is the account's first set of recovery codes, shown only
/// this once; null when the user already had codes.
/// </summary>
public sealed record FactorEnrolledView(IReadOnlyList<string>? RecoveryCodes);

/// <summary>A new set of recovery codes, shown only this once; the earlier ones no longer work.</summary>
public sealed record RecoveryCodesView(IReadOnlyList<string> Codes);

/// <summary>A code is on its way to the phone, shown masked.</summary>
public sealed record PhoneCodeSentView(string Phone);

/// <summary>A one-time code the user typed (from the authenticator app or the text message).</summary>
public sealed record OneTimeCodeInput([Required] string Code);

/// <summary>The number to receive SMS codes on, in international form.</summary>
public sealed record PhoneNumberInput([Required] string PhoneNumber);
