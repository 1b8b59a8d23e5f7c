using Aict.IdentityServer.Platform.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Aict.IdentityServer.Provisioning.Scim;

/// <summary>The <c>/Groups</c> endpoints: roles and their members.</summary>
internal static class ScimGroupsApi
{
    public static void MapScimGroups(this RouteGroupBuilder scim)
    {
        var resources = scim.MapGroup("/Groups");
        resources.MapGet(string.Empty, ListAsync);
        resources.MapPost(string.Empty, CreateAsync);
        resources.MapGet("/{id}", GetAsync);
        resources.MapPut("/{id}", ReplaceAsync);
        resources.MapPatch("/{id}", PatchAsync);
        resources.MapDelete("/{id}", DeleteAsync);
    }

    private static async Task<IResult> ListAsync(
        HttpContext context, RoleManager<IdentityRole> roles, ApplicationDbContext db, IOptions<ScimOptions> options, ScimBase scimBase,
        CancellationToken cancellationToken)
    {
        var (startIndex, count) = ScimRequest.Paging(context.Request, options.Value);
        var query = roles.Roles.AsNoTracking();
        if (context.Request.Query["filter"].ToString() is { Length: > 0 } filter)
        {
            foreach (var comparison in ScimFilter.Parse(filter, ScimSchemas.Group))
            {
                switch (comparison.Attribute.ToLowerInvariant())
                {
                    case "displayname":
                        var name = roles.NormalizeKey(ScimFilter.Text(comparison));
                        query = query.Where(role => role.NormalizedName == name);
                        break;
                    case "id":
                        var id = ScimFilter.Text(comparison);
                        query = query.Where(role => role.Id == id);
                        break;
                    default:
                        throw ScimFilter.Invalid($"Groups cannot be filtered by {comparison.Attribute}: use displayName or id.");
                }
            }
        }

        var total = await query.CountAsync(cancellationToken);
        var page = count == 0 ? [] : await query.OrderBy(role => role.Id).Skip(startIndex - 1).Take(count).ToListAsync(cancellationToken);
        var members = WithMembers(context) ? await MembersAsync(db, [.. page.Select(role => role.Id)], cancellationToken) : null;
        return new ScimResult(StatusCodes.Status200OK, UserResources.List(total, startIndex,
            page.Select(role => GroupResources.Render(role, members?[role.Id], scimBase.Uri))));
    }

    private static async Task<IResult> GetAsync(
        string id, HttpContext context, RoleManager<IdentityRole> roles, ApplicationDbContext db, ScimBase scimBase, CancellationToken cancellationToken)
    {
        var role = await FindAsync(roles, id);
        var version = GroupResources.Version(role);
        return ScimRequest.MatchesIfNoneMatch(context.Request, version)
            ? new ScimResult(StatusCodes.Status304NotModified, null, version)
            : await RenderAsync(StatusCodes.Status200OK, role, context, db, scimBase, cancellationToken);
    }

    private static async Task<IResult> CreateAsync(
        HttpContext context, GroupProvisioning provisioning, ApplicationDbContext db, IOptions<ScimOptions> options, ScimBase scimBase,
        CancellationToken cancellationToken)
    {
        var state = ScimGroupState.FromResource(await ScimRequest.ReadObjectAsync(context.Request, options.Value.MaxRequestBytes));
        var role = await provisioning.CreateAsync(state, ScimUsersApi.ClientId(context.User), cancellationToken);
        return await RenderAsync(StatusCodes.Status201Created, role, context, db, scimBase, cancellationToken, withLocation: true);
    }

    private static Task<IResult> ReplaceAsync(
        string id, HttpContext context, RoleManager<IdentityRole> roles, GroupProvisioning provisioning, ApplicationDbContext db,
        IOptions<ScimOptions> options, ScimBase scimBase, CancellationToken cancellationToken) =>
        ChangeAsync(id, context, roles, provisioning, db, options, scimBase, (_, _, body) => ScimGroupState.FromResource(body), cancellationToken);

    private static Task<IResult> PatchAsync(
        string id, HttpContext context, RoleManager<IdentityRole> roles, GroupProvisioning provisioning, ApplicationDbContext db,
        IOptions<ScimOptions> options, ScimBase scimBase, CancellationToken cancellationToken) =>
        ChangeAsync(id, context, roles, provisioning, db, options, scimBase, (role, members, body) =>
        {
            var state = new ScimGroupState { DisplayName = role.Name };
            state.Members.UnionWith(members);
            state.Patch(body);
            return state;
        }, cancellationToken);

    private static async Task<IResult> DeleteAsync(
        string id, HttpContext context, RoleManager<IdentityRole> roles, GroupProvisioning provisioning, CancellationToken cancellationToken)
    {
        var role = await FindAsync(roles, id);
        provisioning.EnsureChangeable(role.Name, ScimUsersApi.ClientId(context.User));
        if (!ScimRequest.MatchesIfMatch(context.Request, GroupResources.Version(role)))
        {
            throw ScimRequest.PreconditionFailed();
        }

        await provisioning.DeleteAsync(role, ScimUsersApi.ClientId(context.User), cancellationToken);
        return new ScimResult(StatusCodes.Status204NoContent, null);
    }

    private static async Task<IResult> ChangeAsync(
        string id, HttpContext context, RoleManager<IdentityRole> roles, GroupProvisioning provisioning, ApplicationDbContext db,
        IOptions<ScimOptions> options, ScimBase scimBase,
        Func<IdentityRole, List<string>, System.Text.Json.Nodes.JsonObject, ScimGroupState> change, CancellationToken cancellationToken)
    {
        var body = await ScimRequest.ReadObjectAsync(context.Request, options.Value.MaxRequestBytes);
        var role = await FindAsync(roles, id);
        provisioning.EnsureChangeable(role.Name, ScimUsersApi.ClientId(context.User));
        if (!ScimRequest.MatchesIfMatch(context.Request, GroupResources.Version(role)))
        {
            throw ScimRequest.PreconditionFailed();
        }

        var state = change(role, await provisioning.MemberIdsAsync(role, cancellationToken), body);
        await provisioning.UpdateAsync(role, state, ScimUsersApi.ClientId(context.User), context.Request.Headers.IfMatch.Count > 0, cancellationToken);
        return await RenderAsync(StatusCodes.Status200OK, role, context, db, scimBase, cancellationToken);
    }

    private static async Task<IResult> RenderAsync(
        int status, IdentityRole role, HttpContext context, ApplicationDbContext db, ScimBase scimBase, CancellationToken cancellationToken,
        bool withLocation = false)
    {
        var members = WithMembers(context) ? (await MembersAsync(db, [role.Id], cancellationToken))[role.Id] : null;
        return new ScimResult(status, GroupResources.Render(role, members, scimBase.Uri), GroupResources.Version(role),
            withLocation ? GroupResources.Location(scimBase.Uri, role.Id) : null);
    }

    /// <summary>Entra ID asks for groups without their members (<c>excludedAttributes=members</c>): a large group stays cheap.</summary>
    private static bool WithMembers(HttpContext context) =>
        !context.Request.Query["excludedAttributes"].ToString().Split(',', StringSplitOptions.TrimEntries)
            .Any(name => name.Equals("members", StringComparison.OrdinalIgnoreCase));

    private static async Task<IdentityRole> FindAsync(RoleManager<IdentityRole> roles, string id) =>
        id.Length <= 450 && await roles.FindByIdAsync(id) is { } role
            ? role
            : throw new ScimException(StatusCodes.Status404NotFound, null, "No group with this id.");

    private static async Task<ILookup<string, GroupMember>> MembersAsync(ApplicationDbContext db, List<string> roleIds, CancellationToken cancellationToken) =>
        (await db.UserRoles.AsNoTracking()
            .Where(membership => roleIds.Contains(membership.RoleId))
            .Join(db.Users, membership => membership.UserId, user => user.Id, (membership, user) => new { membership.RoleId, user.Id, user.Email, user.UserName })
            .OrderBy(row => row.Id)
            .ToListAsync(cancellationToken))
        .ToLookup(row => row.RoleId, row => new GroupMember(row.Id, row.Email ?? row.UserName));
}
