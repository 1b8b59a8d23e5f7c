using Aict.CommerceApi.Errors;
using Aict.ServiceDefaults.Security;

namespace Aict.CommerceApi.Security;

/// <summary>
/// RFC 9470 §3: the token is valid, but the user's sign-in is too weak (or too old) for this request. The
/// 401's challenge names the <c>acr_values</c> (and <c>max_age</c>) the client should ask IdentityServer for.
/// </summary>
public sealed class InsufficientUserAuthenticationException(string acrValues, string description, TimeSpan? maxAge = null)
    : DomainException(description)
{
    public const string Error = StepUpChallenge.Error;

    public override int StatusCode => StatusCodes.Status401Unauthorized;

    public override string Title => "Insufficient user authentication";

    public string AcrValues => acrValues;

    /// <summary>How recent the sign-in must be; null when any sign-in at the level will do.</summary>
    public TimeSpan? MaxAge => maxAge;

    // The description is built by this API (from amounts, ISO currency codes and configured minutes): no quote can reach the header.
    public override string? Challenge => StepUpChallenge.Header(Message, AcrValues, MaxAge);

    public override IReadOnlyDictionary<string, object?> Extensions
    {
        get
        {
            var extensions = new Dictionary<string, object?> { ["error"] = Error, ["acr_values"] = AcrValues };
            if (MaxAge is { } age)
            {
                extensions["max_age"] = (long)age.TotalSeconds;
            }

            return extensions;
        }
    }
}
