using System.ComponentModel.DataAnnotations;

namespace Aict.SsoPortal.Pages.Security;

/// <summary>The code the authenticator app shows, with the set-up it confirms (shown again if the code is wrong).</summary>
public sealed class TotpConfirmInput
{
    [Required(ErrorMessage = "CodeRequired")]
    public string? Code { get; set; }

    public string? AuthenticatorUri { get; set; }

    public string? ManualEntryKey { get; set; }
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
