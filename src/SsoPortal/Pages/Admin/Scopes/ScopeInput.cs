using System.ComponentModel.DataAnnotations;
using Aict.SsoPortal.Account;

namespace Aict.SsoPortal.Pages.Admin.Scopes;

/// <summary>The scope form; the resources (audiences) one per line. IdentityServer checks the name's syntax.</summary>
public sealed class ScopeInput
{
    [Required(ErrorMessage = "ScopeNameRequired")]
    [StringLength(200, ErrorMessage = "ScopeNameTooLong")]
    public string? Name { get; set; }

    [StringLength(200, ErrorMessage = "NameTooLong")]
    public string? DisplayName { get; set; }

    [StringLength(1000, ErrorMessage = "DescriptionTooLong")]
    public string? Description { get; set; }

    public string? Resources { get; set; }

    public static ScopeInput From(AdminScopeView scope) => new()
    {
        Name = scope.Name,
        DisplayName = scope.DisplayName,
        Description = scope.Description,
        Resources = string.Join('\n', scope.Resources),
    };

    public AdminScopeInput ToApi() => new(
        Name?.Trim(),
        string.IsNullOrWhiteSpace(DisplayName) ? null : DisplayName.Trim(),
        string.IsNullOrWhiteSpace(Description) ? null : Description.Trim(),
        [.. (Resources ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]);
}
