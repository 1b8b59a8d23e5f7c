namespace Aict.SsoPortal.Sessions;

/// <summary>
/// IdentityServer answered RFC 9470's <c>insufficient_user_authentication</c>: the session is good, but this
/// call (administration) needs a stronger or more recent sign-in, at <see cref="AcrValues"/>.
/// </summary>
public sealed class StepUpRequiredException(string acrValues) : Exception($"IdentityServer asks for a sign-in at {acrValues}.")
{
    public string AcrValues => acrValues;
}
