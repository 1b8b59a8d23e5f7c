using System.Security.Claims;
using Aict.IdentityServer.Platform.Data;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Aict.IdentityServer.Provisioning.Scim;

/// <summary>The <c>/Users</c> endpoints (RFC 7644 §3.3–§3.6).</summary>
internal static class ScimUsersApi
{
    public static void MapScimUsers(this RouteGroupBuilder scim)
    {
        var resources = scim.MapGroup("/Users");
        resources.MapGet(string.Empty, ListAsync);
        resources.MapPost(string.Empty, CreateAsync);
        resources.MapGet("/{id}", GetAsync);
        resources.MapPut("/{id}", ReplaceAsync);
        resources.MapPatch("/{id}", PatchAsync);
        resources.MapDelete("/{id}", DeleteAsync);
    }

    private static async Task<IResult> ListAsync(
        HttpContext context, UserManager<ApplicationUser> users, ApplicationDbContext db, IOptions<ScimOptions> options, ScimBase scimBase,
        CancellationToken cancellationToken)
    {
        var (startIndex, count) = ScimRequest.Paging(context.Request, options.Value);
        var query = users.Users.AsNoTracking();
        if (context.Request.Query["filter"].ToString() is { Length: > 0 } filter)
        {
            foreach (var comparison in ScimFilter.Parse(filter, ScimSchemas.User))
            {
                query = Filtered(query, comparison, users);
            }
        }

        var total = await query.CountAsync(cancellationToken);
        var page = count == 0
            ? []
            : await query.OrderBy(u => u.Id).Skip(startIndex - 1).Take(count).ToListAsync(cancellationToken);
        var groups = await GroupsOfAsync(db, [.. page.Select(u => u.Id)], cancellationToken);
        return new ScimResult(StatusCodes.Status200OK, UserResources.List(total, startIndex,
            page.Select(user => UserResources.Render(user, groups[user.Id], scimBase.Uri))));
    }

    private static async Task<IResult> GetAsync(
        string id, HttpContext context, UserManager<ApplicationUser> users, ApplicationDbContext db, ScimBase scimBase, CancellationToken cancellationToken)
    {
        var user = await FindAsync(users, id);
        var version = UserResources.Version(user);
        return ScimRequest.MatchesIfNoneMatch(context.Request, version)
            ? new ScimResult(StatusCodes.Status304NotModified, null, version)
            : await RenderAsync(StatusCodes.Status200OK, user, db, scimBase, cancellationToken);
    }

    private static async Task<IResult> CreateAsync(
        HttpContext context, UserProvisioning provisioning, ApplicationDbContext db, IOptions<ScimOptions> options, ScimBase scimBase,
        CancellationToken cancellationToken)
    {
        var state = ScimUserState.FromResource(await ScimRequest.ReadObjectAsync(context.Request, options.Value.MaxRequestBytes));
        var user = await provisioning.CreateAsync(state, ClientId(context.User), cancellationToken);
        return await RenderAsync(StatusCodes.Status201Created, user, db, scimBase, cancellationToken, withLocation: true);
    }

    private static Task<IResult> ReplaceAsync(
        string id, HttpContext context, UserManager<ApplicationUser> users, UserProvisioning provisioning, ApplicationDbContext db,
        IOptions<ScimOptions> options, ScimBase scimBase, CancellationToken cancellationToken) =>
        ChangeAsync(id, context, users, provisioning, db, options, scimBase, (_, body) => ScimUserState.FromResource(body), cancellationToken);

    private static Task<IResult> PatchAsync(
        string id, HttpContext context, UserManager<ApplicationUser> users, UserProvisioning provisioning, ApplicationDbContext db,
        IOptions<ScimOptions> options, ScimBase scimBase, CancellationToken cancellationToken) =>
        ChangeAsync(id, context, users, provisioning, db, options, scimBase, (user, body) =>
        {
            var state = ScimUserState.Of(user);
            state.Patch(body);
            return state;
        }, cancellationToken);

    private static async Task<IResult> DeleteAsync(
        string id, HttpContext context, UserManager<ApplicationUser> users, UserProvisioning provisioning, CancellationToken cancellationToken)
    {
        var user = await FindAsync(users, id);
        await provisioning.EnsureChangeableAsync(user, ClientId(context.User));
        if (!ScimRequest.MatchesIfMatch(context.Request, UserResources.Version(user)))
        {
            throw ScimRequest.PreconditionFailed();
        }

        await provisioning.DeleteAsync(user, ClientId(context.User), cancellationToken);
        return new ScimResult(StatusCodes.Status204NoContent, null);
    }

    private static async Task<IResult> ChangeAsync(
        string id, HttpContext context, UserManager<ApplicationUser> users, UserProvisioning provisioning, ApplicationDbContext db,
        IOptions<ScimOptions> options, ScimBase scimBase, Func<ApplicationUser, System.Text.Json.Nodes.JsonObject, ScimUserState> change,
        CancellationToken cancellationToken)
    {
        var body = await ScimRequest.ReadObjectAsync(context.Request, options.Value.MaxRequestBytes);
        var user = await FindAsync(users, id);
        await provisioning.EnsureChangeableAsync(user, ClientId(context.User));
        if (!ScimRequest.MatchesIfMatch(context.Request, UserResources.Version(user)))
        {
            throw ScimRequest.PreconditionFailed();
        }

        var state = change(user, body);
        await provisioning.UpdateAsync(user, state, ClientId(context.User), context.Request.Headers.IfMatch.Count > 0, cancellationToken);
        return await RenderAsync(StatusCodes.Status200OK, user, db, scimBase, cancellationToken);
    }

    private static async Task<IResult> RenderAsync(
        int status, ApplicationUser user, ApplicationDbContext db, ScimBase scimBase, CancellationToken cancellationToken, bool withLocation = false)
    {
        var groups = await GroupsOfAsync(db, [user.Id], cancellationToken);
        return new ScimResult(status, UserResources.Render(user, groups[user.Id], scimBase.Uri), UserResources.Version(user),
            withLocation ? UserResources.Location(scimBase.Uri, user.Id) : null);
    }

    private static async Task<ApplicationUser> FindAsync(UserManager<ApplicationUser> users, string id) =>
        id.Length <= 450 && await users.FindByIdAsync(id) is { } user
            ? user
            : throw new ScimException(StatusCodes.Status404NotFound, null, "No user with this id.");

    private static async Task<ILookup<string, GroupReference>> GroupsOfAsync(ApplicationDbContext db, List<string> userIds, CancellationToken cancellationToken) =>
        (await db.UserRoles.AsNoTracking()
            .Where(membership => userIds.Contains(membership.UserId))
            .Join(db.Roles, membership => membership.RoleId, role => role.Id, (membership, role) => new { membership.UserId, role.Id, role.Name })
            .ToListAsync(cancellationToken))
        .ToLookup(row => row.UserId, row => new GroupReference(row.Id, row.Name));

    /// <summary>userName and e-mail compare as sign-in does (normalised, so in any case); externalId and id exactly.</summary>
    private static IQueryable<ApplicationUser> Filtered(IQueryable<ApplicationUser> query, ScimComparison comparison, UserManager<ApplicationUser> users)
    {
        switch (comparison.Attribute.ToLowerInvariant())
        {
            case "username":
                var userName = users.NormalizeName(ScimFilter.Text(comparison));
                return query.Where(u => u.NormalizedUserName == userName);
            case "emails" or "emails.value":
                var email = users.NormalizeEmail(ScimFilter.Text(comparison));
                return query.Where(u => u.NormalizedEmail == email);
            case "externalid":
                var externalId = ScimFilter.Text(comparison);
                return query.Where(u => u.ExternalId == externalId);
            case "id":
                var id = ScimFilter.Text(comparison);
                return query.Where(u => u.Id == id);
            case "active":
                var disabled = !ScimFilter.Boolean(comparison);
                return query.Where(u => u.Disabled == disabled);
            default:
                throw ScimFilter.Invalid($"Users cannot be filtered by {comparison.Attribute}: use userName, emails.value, externalId, id or active.");
        }
    }

    internal static string ClientId(ClaimsPrincipal caller) =>
        caller.FindFirst(OpenIddict.Abstractions.OpenIddictConstants.Claims.ClientId)?.Value
        ?? caller.FindFirst(OpenIddict.Abstractions.OpenIddictConstants.Claims.Subject)?.Value
        ?? throw new InvalidOperationException("A validated access token names its client.");
}
