using System.ComponentModel.DataAnnotations;

namespace Aict.IdentityServer.Pages.Account.ResetPassword;

public sealed class InputModel
{
    [Required(ErrorMessage = "NewPasswordRequired")]
    [DataType(DataType.Password)]
    [Display(Name = "NewPassword")]
    public string NewPassword { get; set; } = string.Empty;

    [Required(ErrorMessage = "ConfirmNewPasswordRequired")]
    [DataType(DataType.Password)]
    [Compare(nameof(NewPassword), ErrorMessage = "PasswordsDoNotMatch")]
    [Display(Name = "ConfirmNewPassword")]
    public string ConfirmNewPassword { get; set; } = string.Empty;
}
