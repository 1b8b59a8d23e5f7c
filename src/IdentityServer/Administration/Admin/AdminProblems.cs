using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Aict.IdentityServer.Administration.Admin;

/// <summary>The admin API's refusals as ProblemDetails with per-field messages the console shows beside the field; Identity's errors land on the field they concern.</summary>
internal static class AdminProblems
{
    public static ProblemHttpResult Field(int status, string field, string message, string title) =>
        TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = status,
            Title = title,
        });

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: detail);

    public static ProblemHttpResult NotFound(string title) => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: title);

    public static ProblemHttpResult NoSuchUser() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such user");

    public static ProblemHttpResult ChangedMeanwhile() =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The account changed meanwhile",
            detail: "Reload the user and try again.");

    /// <summary>
    /// A taken address is a 409 conflict, anything else Identity refuses (password rules, an address it cannot take
    /// as a user name) a 400; both carry per-field errors.
    /// </summary>
    public static ProblemHttpResult Refused(IdentityResult result)
    {
        if (result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.ConcurrencyFailure)))
        {
            return ChangedMeanwhile();
        }

        var errors = result.Errors
            .GroupBy(e => FieldOf(e.Code))
            .ToDictionary(g => g.Key, g => g.Select(e => e.Description).Distinct().ToArray());
        var conflict = result.Errors.Any(e => e.Code is nameof(IdentityErrorDescriber.DuplicateEmail) or nameof(IdentityErrorDescriber.DuplicateUserName));
        return TypedResults.Problem(new HttpValidationProblemDetails(errors)
        {
            Status = conflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest,
            Title = conflict ? "The e-mail address is already in use" : "One or more validation errors occurred.",
        });
    }

    private static string FieldOf(string code) => code switch
    {
        _ when code.StartsWith("Password", StringComparison.Ordinal) => "Password",
        _ when code.Contains("Email", StringComparison.Ordinal) || code.Contains("UserName", StringComparison.Ordinal) => "Email",
        _ when code.Contains("Role", StringComparison.Ordinal) => "Name",
        _ => string.Empty,
    };
}
