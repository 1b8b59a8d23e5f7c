using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Aict.IdentityServer.Provisioning.Scim;

/// <summary>
/// SCIM 2.0 (RFC 7643, RFC 7644) at <c>/scim/v2</c>: how Okta, Entra ID and other provisioning systems create, change and
/// remove users and groups here, with an access token of the <c>scim</c> scope from the client credentials grant.
/// </summary>
public static class ScimApi
{
    public const string Policy = "scim";
    public const string Path = "/scim/v2";

    public static IEndpointRouteBuilder MapScimApi(this IEndpointRouteBuilder app)
    {
        var scim = app.MapGroup(Path)
            .RequireAuthorization(Policy)
            .AddEndpointFilter(ScimErrors.FilterAsync)
            .WithTags("SCIM");
        scim.MapScimUsers();
        scim.MapScimGroups();
        scim.MapGet("/ServiceProviderConfig", (IOptions<ScimOptions> options, ScimBase scimBase) =>
            Ok(ScimSchemas.ServiceProviderConfigDocument(options.Value, scimBase.Uri)));
        scim.MapGet("/ResourceTypes", (ScimBase scimBase) =>
            Ok(UserResources.List(2, 1, [ScimSchemas.ResourceTypeDocument("User", scimBase.Uri), ScimSchemas.ResourceTypeDocument("Group", scimBase.Uri)])));
        scim.MapGet("/ResourceTypes/{name}", (string name, ScimBase scimBase) => name.ToLowerInvariant() switch
        {
            "user" => Ok(ScimSchemas.ResourceTypeDocument("User", scimBase.Uri)),
            "group" => Ok(ScimSchemas.ResourceTypeDocument("Group", scimBase.Uri)),
            _ => NotFound("No such resource type."),
        });
        scim.MapGet("/Schemas", (ScimBase scimBase) =>
            Ok(UserResources.List(2, 1, [ScimSchemas.UserSchema(scimBase.Uri), ScimSchemas.GroupSchema(scimBase.Uri)])));
        scim.MapGet("/Schemas/{id}", (string id, ScimBase scimBase) => id switch
        {
            _ when id.Equals(ScimSchemas.User, StringComparison.OrdinalIgnoreCase) => Ok(ScimSchemas.UserSchema(scimBase.Uri)),
            _ when id.Equals(ScimSchemas.Group, StringComparison.OrdinalIgnoreCase) => Ok(ScimSchemas.GroupSchema(scimBase.Uri)),
            _ => NotFound("No such schema."),
        });
        return app;
    }

    /// <summary>Requests under <c>/scim</c>, whose failures all answer with a SCIM error body.</summary>
    public static bool IsScim(HttpContext context) => context.Request.Path.StartsWithSegments("/scim");

    private static ScimResult Ok(JsonObject body) => new(StatusCodes.Status200OK, body);

    private static ScimResult NotFound(string detail) => ScimResult.Error(StatusCodes.Status404NotFound, null, detail);
}

/// <summary>Where the SCIM endpoints are, from <c>Server:Issuer</c> (never the request's Host header): the base of every <c>location</c>.</summary>
public sealed class ScimBase(IOptions<Protocol.ServerOptions> server)
{
    public Uri Uri { get; } = new(server.Value.Issuer ?? Protocol.ServerOptions.DevelopmentIssuer, "scim/v2/");
}
