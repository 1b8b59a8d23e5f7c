using Aict.SsoPortal.Account;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Aict.SsoPortal.Pages.Admin.Users;

internal static class ApiFieldErrors
{
    /// <summary>
    /// Puts IdentityServer's per-field errors next to the form's fields (<c>{prefix}.{field}</c> in the model state);
    /// the problem that stays for the form's alert keeps only what no field shows, and says to check the fields.
    /// </summary>
    public static ApiProblem ShowOnFields(this ApiProblem problem, ModelStateDictionary state, string prefix, string checkTheFields, params string[] fields)
    {
        var rest = new Dictionary<string, string[]>();
        foreach (var (key, messages) in problem.Errors)
        {
            var field = fields.FirstOrDefault(f => string.Equals(f, key, StringComparison.OrdinalIgnoreCase));
            if (field is null)
            {
                rest[key] = messages;
                continue;
            }

            foreach (var message in messages)
            {
                state.AddModelError(prefix.Length == 0 ? field : $"{prefix}.{field}", message);
            }
        }

        return rest.Count == problem.Errors.Count ? problem : problem with { Detail = checkTheFields, Errors = rest.AsReadOnly() };
    }
}
