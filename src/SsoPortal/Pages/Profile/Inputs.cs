using System.ComponentModel.DataAnnotations;

namespace Aict.SsoPortal.Pages.Profile;

/// <summary>The editable part of the profile; IdentityServer validates it too and has the last word.</summary>
public sealed class ProfileInput
{
    [StringLength(100, ErrorMessage = "NameTooLong")]
    public string? GivenName { get; set; }

    [StringLength(100, ErrorMessage = "NameTooLong")]
    public string? FamilyName { get; set; }

    [Phone(ErrorMessage = "PhoneInvalid")]
    public string? PhoneNumber { get; set; }
}

/// <summary>A password change: the current password, and the new one typed twice.</summary>
public sealed class PasswordInput
{
    [Required(ErrorMessage = "CurrentPasswordRequired")]
    [DataType(DataType.Password)]
    public string? CurrentPassword { get; set; }

    [Required(ErrorMessage = "NewPasswordRequired")]
    [DataType(DataType.Password)]
    public string? NewPassword { get; set; }

    [Compare(nameof(NewPassword), ErrorMessage = "PasswordsDiffer")]
    [DataType(DataType.Password)]
    public string? ConfirmPassword { get; set; }
}

/// <summary>The address to move the account to; it is used only after the link sent to it is opened.</summary>
public sealed class EmailInput
{
    [Required(ErrorMessage = "NewEmailRequired")]
    [EmailAddress(ErrorMessage = "EmailInvalid")]
    public string? NewEmail { get; set; }
}
