using System.ComponentModel.DataAnnotations;

namespace Aict.IdentityServer.Pages.Account.ForgotPassword;

public sealed class InputModel
{
    [Required(ErrorMessage = "EmailRequired")]
    [EmailAddress(ErrorMessage = "EmailInvalid")]
    [Display(Name = "Email")]
    public string Email { get; set; } = string.Empty;
}
