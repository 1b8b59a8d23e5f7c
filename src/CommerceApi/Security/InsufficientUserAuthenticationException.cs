using Aict.CommerceApi.Errors;

namespace Aict.CommerceApi.Security;

/// <summary>
/// RFC 9470 §3: the token is valid, but the user's sign-in is too weak for this request. The 401's
/// challenge names the <c>acr_values</c> the client should ask IdentityServer for (step-up).
/// </summary>
public sealed class InsufficientUserAuthenticationException(string acrValues, string description) : DomainException(description)
{
    public const string Error = "insufficient_user_authentication";

    public override int StatusCode => StatusCodes.Status401Unauthorized;

    public override string Title => "Insufficient user authentication";

    public string AcrValues => acrValues;

    // The description is built by this API from an amount and an ISO currency code: no quote can reach the header.
    public override string? Challenge => $"Bearer error=\"{Error}\", error_description=\"{Message}\", acr_values=\"{AcrValues}\"";

    public override IReadOnlyDictionary<string, object?> Extensions => new Dictionary<string, object?>
    {
        ["error"] = Error,
        ["acr_values"] = AcrValues,
    };
}
