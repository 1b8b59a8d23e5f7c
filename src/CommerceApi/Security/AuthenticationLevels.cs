namespace Aict.CommerceApi.Security;

/// <summary>The <c>acr</c> values IdentityServer puts in its tokens: how strongly the user signed in.</summary>
public static class AuthenticationLevels
{
    /// <summary>Two kinds of factor (the token's <c>amr</c> holds <c>mfa</c>).</summary>
    public const string MultiFactor = "urn:aict:loa:2";
}
