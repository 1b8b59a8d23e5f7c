using System.Net.Http.Headers;

namespace Aict.TestSupport;

/// <summary>The portal's view of IdentityServer: a user signed in through <c>sso-portal</c> with the <c>account</c> scope.</summary>
public sealed class PortalSession(CodeFlow flow, TokenResponse tokens, HttpClient api)
{
    public const string Scopes = "openid offline_access account";

    public CodeFlow Flow => flow;

    public TokenResponse Tokens => tokens;

    /// <summary>IdentityServer's back channel with the portal's access token.</summary>
    public HttpClient Api => api;

    public static async Task<PortalSession> SignInAsync(IdentityServerFactory factory, DemoUser user, string scopes = Scopes)
    {
        var flow = new CodeFlow(factory);
        var tokens = await flow.SignInAsync(new AuthorizationRequest(DemoRealm.SsoPortal, scopes), user);
        var api = factory.CreateBackChannel();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        return new PortalSession(flow, tokens, api);
    }

    /// <summary>The session id (<c>sid</c>) of this sign-in, read from the ID token.</summary>
    public string SessionId =>
        new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(tokens.IdToken).GetClaim("sid").Value;
}
