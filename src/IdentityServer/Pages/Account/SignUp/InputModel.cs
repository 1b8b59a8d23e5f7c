using System.ComponentModel.DataAnnotations;

namespace Aict.IdentityServer.Pages.Account.SignUp;

public sealed class InputModel
{
    [Required(ErrorMessage = "EmailRequired")]
    [EmailAddress(ErrorMessage = "EmailInvalid")]
    [MaxLength(256, ErrorMessage = "EmailInvalid")]
    [Display(Name = "Email")]
    public string Email { get; set; } = string.Empty;

    [Required(ErrorMessage = "GivenNameRequired")]
    [MaxLength(100, ErrorMessage = "NameTooLong")]
    [Display(Name = "GivenName")]
    public string GivenName { get; set; } = string.Empty;

    [MaxLength(100, ErrorMessage = "NameTooLong")]
    [Display(Name = "FamilyName")]
    public string? FamilyName { get; set; }

    [Required(ErrorMessage = "NewPasswordRequired")]
    [DataType(DataType.Password)]
    [Display(Name = "Password")]
    public string Password { get; set; } = string.Empty;

    [Required(ErrorMessage = "ConfirmNewPasswordRequired")]
    [DataType(DataType.Password)]
    [Compare(nameof(Password), ErrorMessage = "PasswordsDoNotMatch")]
    [Display(Name = "ConfirmPassword")]
    public string ConfirmPassword { get; set; } = string.Empty;
}
