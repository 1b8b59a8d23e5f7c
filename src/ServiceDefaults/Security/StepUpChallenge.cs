using System.Globalization;

namespace Aict.ServiceDefaults.Security;

/// <summary>
/// RFC 9470 §3: the token is valid, but the user's sign-in is too weak or too old for this request. The
/// 401's <c>WWW-Authenticate</c> names what the client should ask IdentityServer for: <c>acr_values</c>,
/// and <c>max_age</c> when the sign-in must be more recent.
/// </summary>
public static class StepUpChallenge
{
    public const string Error = "insufficient_user_authentication";

    /// <summary>The authentication context class of a sign-in with a second factor, as IdentityServer puts it in <c>acr</c>.</summary>
    public const string MultiFactorLevel = "urn:aict:loa:2";

    // 9999-12-31T23:59:59Z, the last second DateTimeOffset can hold.
    private const long MaxUnixSeconds = 253_402_300_799;

    /// <param name="description">Written by the server, never from the request: it goes between quotes unescaped.</param>
    public static string Header(string description, string acrValues, TimeSpan? maxAge = null) =>
        $"Bearer error=\"{Error}\", error_description=\"{description}\", acr_values=\"{acrValues}\""
        + (maxAge is { } age ? $", max_age={((long)age.TotalSeconds).ToString(CultureInfo.InvariantCulture)}" : string.Empty);

    /// <summary>Whether a token's <c>auth_time</c> claim (seconds since the epoch) lies within <paramref name="window"/> of <paramref name="now"/>.</summary>
    public static bool IsRecent(string? authTime, DateTimeOffset now, TimeSpan window) =>
        long.TryParse(authTime, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds <= MaxUnixSeconds
        && now - DateTimeOffset.FromUnixTimeSeconds(seconds) <= window;
}
