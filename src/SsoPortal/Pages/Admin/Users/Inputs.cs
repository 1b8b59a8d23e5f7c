using System.ComponentModel.DataAnnotations;

namespace Aict.SsoPortal.Pages.Admin.Users;

/// <summary>A user's details as the console edits them; IdentityServer validates them too and has the last word.</summary>
public class UserInput
{
    [Required(ErrorMessage = "EmailRequired")]
    [EmailAddress(ErrorMessage = "EmailInvalid")]
    [StringLength(256, ErrorMessage = "EmailInvalid")]
    public string? Email { get; set; }

    [StringLength(100, ErrorMessage = "NameTooLong")]
    public string? GivenName { get; set; }

    [StringLength(100, ErrorMessage = "NameTooLong")]
    public string? FamilyName { get; set; }

    [StringLength(35)]
    public string? Locale { get; set; }
}

/// <summary>The edit form: the details and a phone number.</summary>
public sealed class UserEditInput : UserInput
{
    [Phone(ErrorMessage = "PhoneInvalid")]
    public string? PhoneNumber { get; set; }
}

/// <summary>The create form: the details and an optional first password.</summary>
public sealed class NewUserInput : UserInput
{
    [DataType(DataType.Password)]
    [StringLength(256)]
    public string? Password { get; set; }
}

/// <summary>The languages the console offers for a user; IdentityServer takes any BCP 47 tag.</summary>
public static class UserLocales
{
    public static readonly IReadOnlyList<(string Tag, string Label)> Offered = [("ko-KR", "LocaleKorean"), ("en-US", "LocaleEnglish")];
}
