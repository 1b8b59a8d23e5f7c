using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Aict.IdentityServer.Administration.Audit;
using Aict.IdentityServer.Platform.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Aict.IdentityServer.Protocol.Registration;

/// <summary>
/// Administrators' initial access tokens, under the admin API's group (and its policy): list them with what they may
/// allow, create one (the token is in this answer only), revoke one. Each change is audited with the admin as actor.
/// </summary>
public static class InitialAccessTokenApi
{
    public static RouteGroupBuilder MapInitialAccessTokens(this RouteGroupBuilder admin)
    {
        admin.MapGet("/initial-access-tokens", ListAsync);
        admin.MapPost("/initial-access-tokens", CreateAsync);
        admin.MapDelete("/initial-access-tokens/{id}", RevokeAsync);
        return admin;
    }

    private static async Task<Ok<InitialAccessTokenList>> ListAsync(
        InitialAccessTokens tokens, RegistrationPolicy policy, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var list = await tokens.ListAsync(cancellationToken);
        return TypedResults.Ok(new InitialAccessTokenList(
            [.. list.Select(token => InitialAccessTokenView.Of(token, now))],
            [.. policy.RegistrableScopes.Order(StringComparer.Ordinal)],
            [.. RegistrationPolicy.RegistrableGrantTypes.Order(StringComparer.Ordinal)]));
    }

    private static async Task<Results<Created<CreatedInitialAccessToken>, ValidationProblem>> CreateAsync(
        InitialAccessTokenRequest request, ClaimsPrincipal caller, InitialAccessTokens tokens, RegistrationPolicy policy,
        IOptions<ClientRegistrationOptions> options, ApplicationDbContext db, AuditTrail audit, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var scopes = request.Scopes ?? [];
        var grants = request.GrantTypes ?? [];
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Any(char.IsControl))
        {
            errors[nameof(request.Name)] = ["Give the token a name, without control characters."];
        }

        if (request.ExpiresAt is not { } expiresAt || expiresAt <= now || expiresAt > now + options.Value.MaxInitialAccessTokenLifetime)
        {
            errors[nameof(request.ExpiresAt)] =
                [$"The token must expire in the future and within {options.Value.MaxInitialAccessTokenLifetime.TotalDays:0.##} days."];
        }

        var registrable = policy.RegistrableScopes;
        if (scopes.Where(scope => scope is null || !registrable.Contains(scope)).ToList() is { Count: > 0 } refused)
        {
            errors[nameof(request.Scopes)] = [$"Not scopes a registered client may be given: {string.Join(' ', refused)}."];
        }

        if (grants.Count == 0 || grants.Any(grant => grant is null || !RegistrationPolicy.RegistrableGrantTypes.Contains(grant)))
        {
            errors[nameof(request.GrantTypes)] = ["Allow at least one of authorization_code, refresh_token, client_credentials, and nothing else."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var actor = caller.GetClaim(Claims.Subject);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var (stored, token) = await tokens.CreateAsync(request.Name.Trim(), request.ExpiresAt, request.MultiUse, scopes, grants, actor, cancellationToken);
        await audit.RecordAsync(AuditEventTypes.InitialAccessTokenCreated, userId: null, actorId: actor, cancellationToken: cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/admin/initial-access-tokens/{stored.Id}",
            new CreatedInitialAccessToken(InitialAccessTokenView.Of(stored, now), token));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(
        string id, ClaimsPrincipal caller, InitialAccessTokens tokens, ApplicationDbContext db, AuditTrail audit, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (id.Length > 64 || !await tokens.RevokeAsync(id, cancellationToken))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such initial access token");
        }

        await audit.RecordAsync(AuditEventTypes.InitialAccessTokenRevoked, userId: null, actorId: caller.GetClaim(Claims.Subject),
            cancellationToken: cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.NoContent();
    }
}

/// <summary>An administrator's new initial access token: what it may register, until when, how many times.</summary>
public sealed record InitialAccessTokenRequest(
    [property: Required, StringLength(200)] string Name,
    [property: Required] DateTimeOffset? ExpiresAt,
    bool MultiUse,
    [property: MaxLength(50)] IReadOnlyList<string>? Scopes,
    [property: MaxLength(10)] IReadOnlyList<string>? GrantTypes);

/// <summary>An initial access token as the console lists it; never the token itself.</summary>
public sealed record InitialAccessTokenView(
    string Id, string Name, DateTimeOffset CreatedAt, string? CreatedBy, DateTimeOffset? ExpiresAt, bool MultiUse, int UseCount,
    DateTimeOffset? RevokedAt, bool Usable, IReadOnlyList<string> Scopes, IReadOnlyList<string> GrantTypes)
{
    public static InitialAccessTokenView Of(InitialAccessToken token, DateTimeOffset now) =>
        new(token.Id, token.Name, token.CreatedAt, token.CreatedBy, token.ExpiresAt, token.MultiUse, token.UseCount, token.RevokedAt,
            InitialAccessTokens.IsUsable(token, now),
            [.. InitialAccessTokens.Words(token.AllowedScopes).Order(StringComparer.Ordinal)],
            [.. InitialAccessTokens.Words(token.AllowedGrantTypes).Order(StringComparer.Ordinal)]);
}

/// <summary>The tokens, and the scopes and grant types a new one may allow.</summary>
public sealed record InitialAccessTokenList(List<InitialAccessTokenView> Tokens, List<string> Scopes, List<string> GrantTypes);

/// <summary>A created token: <see cref="Token"/> is shown this once and never stored.</summary>
public sealed record CreatedInitialAccessToken(InitialAccessTokenView InitialAccessToken, string Token);
