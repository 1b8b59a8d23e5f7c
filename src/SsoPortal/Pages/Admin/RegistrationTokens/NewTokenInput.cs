using System.ComponentModel.DataAnnotations;

namespace Aict.SsoPortal.Pages.Admin.RegistrationTokens;

/// <summary>The create form: a name, how many days it lives, single or multi-use, what clients it registers may be given.</summary>
public sealed class NewTokenInput
{
    [Required(ErrorMessage = "TokenNameRequired")]
    [StringLength(200, ErrorMessage = "TokenNameTooLong")]
    public string? Name { get; set; }

    [Range(1, 365, ErrorMessage = "TokenDaysRange")]
    public int ExpiresInDays { get; set; } = 7;

    public bool MultiUse { get; set; }

    public List<string> Scopes { get; set; } = [];

    public List<string> GrantTypes { get; set; } = [];

    /// <summary>What a new form starts with checked: a sign-in client's scopes and the code flow.</summary>
    public static readonly string[] DefaultChoices = ["openid", "profile", "authorization_code"];
}
