namespace Aict.TestSupport;

/// <summary>The seeded demo realm (ARCHITECTURE.md).</summary>
public static class DemoRealm
{
    public static readonly DemoClient SsoPortal = new("sso-portal", "sso-portal-dev-secret", "http://localhost:5300/signin-oidc", "http://localhost:5300/signout-callback-oidc");
    public static readonly DemoClient ChannelWeb = new("channel-web", "channel-web-dev-secret", "http://localhost:5400/signin-oidc", "http://localhost:5400/signout-callback-oidc");
    public static readonly DemoClient ChannelMobile = new("channel-mobile", null, "http://127.0.0.1:49152/callback", null);
    public static readonly DemoClient PartnerErp = new("partner-erp", "partner-erp-dev-secret", null, null);
    public static readonly DemoClient PartnerHr = new("partner-hr", "partner-hr-dev-secret", null, null);

    public static readonly DemoUser Alice = new("alice@example.com", "Alice#2026dev");
    public static readonly DemoUser Bob = new("bob@example.com", "Bob#2026dev", TotpSecret: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
    public static readonly DemoUser Admin = new("admin@example.com", "Admin#2026dev", TotpSecret: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    public static readonly DemoUser Carol = new("carol@example.com", "Carol#2026dev");
}

public sealed record DemoClient(string ClientId, string? Secret, string? RedirectUri, string? PostLogoutRedirectUri);

/// <param name="TotpSecret">The base32 secret of the user's authenticator app, when they have one.</param>
public sealed record DemoUser(string Email, string Password, string? TotpSecret = null);
