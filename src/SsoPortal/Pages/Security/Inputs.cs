using System.ComponentModel.DataAnnotations;
using Aict.SsoPortal.Account;

namespace Aict.SsoPortal.Pages.Security;

/// <summary>
/// The code the authenticator app shows, with the set-up it confirms (shown again if the code is wrong). The
/// set-up comes back from the browser, so it is drawn again only when it has the shape IdentityServer gives it.
/// </summary>
public sealed partial class TotpConfirmInput
{
    [Required(ErrorMessage = "CodeRequired")]
    public string? Code { get; set; }

    public string? AuthenticatorUri { get; set; }

    public string? ManualEntryKey { get; set; }

    /// <summary>The set-up to draw again, or null when what came back is not one (a QR code holds at most a few hundred characters).</summary>
    public TotpSetup? Setup =>
        AuthenticatorUri is { Length: <= 512 } uri && uri.StartsWith("otpauth://totp/", StringComparison.Ordinal)
        && ManualEntryKey is { Length: <= 128 } key && Base32Key().IsMatch(key)
            ? new TotpSetup(uri, key)
            : null;

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Z2-7]+=*$")]
    private static partial System.Text.RegularExpressions.Regex Base32Key();
}

/// <summary>The number to receive text-message codes on; IdentityServer checks its form.</summary>
public sealed class PhoneInput
{
    [Required(ErrorMessage = "PhoneRequired")]
    public string? PhoneNumber { get; set; }
}

/// <summary>The code from the text message.</summary>
public sealed class PhoneCodeInput
{
    [Required(ErrorMessage = "CodeRequired")]
    public string? Code { get; set; }
}
