using Aict.IdentityServer.Platform.Data;
using Aict.IdentityServer.Protocol.Clients;
using Aict.IdentityServer.Protocol.Endpoints;
using Aict.IdentityServer.Protocol.HotPath;
using Aict.IdentityServer.Protocol.Revocation;
using Aict.IdentityServer.Protocol.Signing;
using Aict.IdentityServer.Protocol.Tokens;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Aict.IdentityServer.Protocol;

internal static class AuthorizationServerExtensions
{
    /// <summary>The OpenIddict authorization server: endpoints, flows, token lifetimes and stored keys.</summary>
    public static IHostApplicationBuilder AddAuthorizationServer(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<TokenLifetimeOptions>().BindConfiguration(TokenLifetimeOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        var lifetimes = builder.Configuration.GetSection(TokenLifetimeOptions.Section).Get<TokenLifetimeOptions>() ?? new();
        var issuer = builder.AddServerIssuer();
        // Clients, scopes and keys changed on one instance are forgotten on every instance at once.
        builder.AddCacheInvalidation();

        builder.Services.AddOpenIddict()
            // Core: applications, authorizations, scopes and tokens in the identity database, with a manager
            // that adds RFC 8252 loopback redirects for native clients.
            .AddCore(options =>
            {
                options.UseEntityFrameworkCore().UseDbContext<ApplicationDbContext>();
                options.ReplaceApplicationManager(typeof(ClientApplicationManager<>));
            })
            // Server: code + PKCE (S256 only), client credentials and refresh tokens; no implicit, no password.
            .AddServer(options =>
            {
                options.SetAuthorizationEndpointUris("connect/authorize")
                    .SetTokenEndpointUris("connect/token")
                    .SetUserInfoEndpointUris("connect/userinfo")
                    .SetIntrospectionEndpointUris("connect/introspect")
                    .SetRevocationEndpointUris("connect/revoke")
                    .SetEndSessionEndpointUris("connect/endsession");

                options.AllowAuthorizationCodeFlow().AllowClientCredentialsFlow().AllowRefreshTokenFlow();
                options.RequireProofKeyForCodeExchange();
                options.Configure(server =>
                {
                    server.CodeChallengeMethods.Clear();
                    server.CodeChallengeMethods.Add(CodeChallengeMethods.Sha256);
                });

                options.RegisterScopes([.. ScopeCatalog.All]);
                options.RegisterClaims([.. StandardClaims.All, Claims.Subject, Claims.Role,
                    SessionClaims.SessionId, SessionClaims.AuthTime, SessionClaims.Methods, SessionClaims.Level]);

                options.SetAccessTokenLifetime(lifetimes.AccessToken)
                    .SetIdentityTokenLifetime(lifetimes.IdentityToken)
                    .SetAuthorizationCodeLifetime(lifetimes.AuthorizationCode)
                    .UseRefreshTokenRotation(lifetimes);

                // Resource servers validate access tokens on their own: plain signed JWTs (RFC 9068).
                options.DisableAccessTokenEncryption();
                // Codes and refresh tokens, read only by this server, are sealed with Data Protection (the key ring every
                // instance shares) rather than JWE; ones issued as JWE stay redeemable. See docs/performance.md#data-protection-tokens.
                options.UseDataProtection().PreferDefaultAccessTokenFormat();

                options.AddEventHandler(DiscoveryMetadata.Descriptor);
                options.AddEventHandler(ScopePermissionError.Descriptor);
                // A client an administrator disabled is refused as an unknown one, from the application already loaded.
                options.AddEventHandler(DisabledClientRefusal.Descriptor);
                // A grant the client may not use is unauthorized_client, before its code or refresh token is read.
                options.AddEventHandler(GrantPermissionCheck.Descriptor);
                options.AddEventHandler(GrantPermissionError.Descriptor);
                // private_key_jwt (RFC 7523): OpenIddict validates the assertion; each may be used once.
                options.AddEventHandler(ClientAssertionReplay.Descriptor);
                options.AddEventHandler(ClientAssertionError.Descriptor);
                options.AddEventHandler(ErrorsToRegisteredRedirect.Descriptor);
                // aict_tokens_issued_total and aict_token_errors_total: counted in memory as each answer leaves.
                options.AddEventHandler(TokenResponseMetrics.Descriptor);

                if (issuer is not null)
                {
                    options.SetIssuer(issuer);
                }

                var aspNetCore = options.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .EnableUserInfoEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough()
                    .EnableStatusCodePagesIntegration();
                if (builder.Environment.IsDevelopment())
                {
                    aspNetCore.DisableTransportSecurityRequirement();
                }
            })
            // Keys from the identity database, one per algorithm in use, rotated by the `keys rotate` command.
            .AddStoredSigningKeys()
            // Whatever is revoked reaches the revocation list; access and ID tokens get no token row.
            .AddTokenRevocation()
            // The speed layer: remembered clients, secrets and scope resources, each event's handlers picked out once.
            .AddProtocolHotPath();

        builder.Services.AddScoped<TokenPrincipalFactory>();
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }
}
