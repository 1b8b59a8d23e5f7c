using Aict.CommerceApi.Security;
using Aict.ServiceDefaults.Revocation;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Aict.CommerceApi.Extensions;

internal static class SecurityExtensions
{
    public const string Audience = "commerce-api";

    /// <summary>
    /// JWT access tokens from IdentityServer, validated locally against its discovery document and
    /// JWKS (refreshed on rotation); one authorization policy per scope.
    /// </summary>
    public static IHostApplicationBuilder AddTokenSecurity(this IHostApplicationBuilder builder)
    {
        var authority = builder.Configuration["Identity:Authority"]
            ?? throw new InvalidOperationException("Identity:Authority (IdentityServer's issuer URL) is required.");
        var development = builder.Environment.IsDevelopment();

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
        {
            options.Authority = authority;
            options.Audience = Audience;
            options.RequireHttpsMetadata = !development;
            options.MapInboundClaims = false;
            // RFC 9068: only access tokens (typ at+jwt), never an ID token presented as a bearer token.
            options.TokenValidationParameters.ValidTypes = ["at+jwt"];
            options.TokenValidationParameters.NameClaimType = "sub";
            options.TokenValidationParameters.RoleClaimType = "role";
            options.Events = new JwtBearerEvents { OnTokenValidated = TokenRevocation.CheckAsync, OnChallenge = ChallengeProblems.WriteAsync };
            // The JWKS is read again when IdentityServer says its keys changed (SigningKeyChanges) or a token names an
            // unknown key: at most once a second, whatever tokens callers make up.
            options.RefreshInterval = TimeSpan.FromSeconds(1);
        });
        builder.AddCacheInvalidation();
        builder.Services.AddHostedService<SigningKeyChanges>();
        // Replaces the default handler: the same validation, remembered for tokens presented again.
        // One clock skew for the token's lifetime and for the revocation list, whose entries outlive tokens by exactly that.
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<RevocationOptions>>((options, revocation) => options.TokenValidationParameters.ClockSkew = revocation.Value.ClockSkew);
        builder.Services.AddSingleton<ValidatedTokens>();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<ValidatedTokens>((options, validated) =>
        {
            options.TokenHandlers.Clear();
            options.TokenHandlers.Add(new RememberingTokenHandler(validated) { MapInboundClaims = false });
        });

        builder.Services.AddOptions<AdminAccessOptions>().BindConfiguration(AdminAccessOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddAuthorizationBuilder().AddScopePolicies();
        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, InsufficientScopeResultHandler>();
        return builder;
    }

    private static AuthorizationBuilder AddScopePolicies(this AuthorizationBuilder authorization)
    {
        foreach (var scope in Scopes.All)
        {
            authorization.AddPolicy(scope, policy => policy.RequireAuthenticatedUser().AddRequirements(new ScopeRequirement(scope)));
        }

        return authorization;
    }
}

/// <summary>401 responses keep the Bearer challenge (RFC 6750 §3) and gain a ProblemDetails body.</summary>
internal static class ChallengeProblems
{
    public static async Task WriteAsync(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var headers = context.Response.Headers;
        switch (context.AuthenticateFailure)
        {
            case RevocationUnavailableException:
                // Fail closed: without a current revocation list nobody can say the token is still good.
                headers.RetryAfter = "5";
                await WriteProblemAsync(context, StatusCodes.Status503ServiceUnavailable, "Revocation state unavailable",
                    "The token revocation list cannot be reached and the local copy is older than its staleness bound; try again shortly.");
                break;
            case null:
                headers.WWWAuthenticate = "Bearer";
                await WriteProblemAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized", "A bearer access token is required.");
                break;
            case TokenRevokedException:
                headers.WWWAuthenticate = "Bearer error=\"invalid_token\", error_description=\"The access token has been revoked.\"";
                await WriteProblemAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized", "The access token has been revoked.");
                break;
            default:
                headers.WWWAuthenticate = "Bearer error=\"invalid_token\", error_description=\"The access token is missing, expired or invalid.\"";
                await WriteProblemAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized", "The access token is not valid.");
                break;
        }
    }

    private static async Task WriteProblemAsync(JwtBearerChallengeContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        var problems = context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context.HttpContext,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }
}
