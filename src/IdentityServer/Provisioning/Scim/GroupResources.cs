using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Identity;

namespace Aict.IdentityServer.Provisioning.Scim;

/// <summary>A member of a group: the user's id and how the group lists them.</summary>
public sealed record GroupMember(string UserId, string? Display);

/// <summary>A role as a SCIM Group resource (RFC 7643 §4.2): id is the role's id, displayName its name.</summary>
public static class GroupResources
{
    public static string Version(IdentityRole role) => $"W/\"{role.ConcurrencyStamp}\"";

    public static Uri Location(Uri baseUri, string id) => new(baseUri, $"Groups/{Uri.EscapeDataString(id)}");

    public static JsonObject Render(IdentityRole role, IEnumerable<GroupMember>? members, Uri baseUri)
    {
        var resource = new JsonObject
        {
            ["schemas"] = new JsonArray(ScimSchemas.Group),
            ["id"] = role.Id,
            ["displayName"] = role.Name,
        };
        if (members is not null)
        {
            resource["members"] = new JsonArray([.. members.Select(member => (JsonNode)new JsonObject
            {
                ["value"] = member.UserId,
                ["$ref"] = UserResources.Location(baseUri, member.UserId).AbsoluteUri,
                ["display"] = member.Display,
                ["type"] = "User",
            })]);
        }

        resource["meta"] = new JsonObject
        {
            ["resourceType"] = "Group",
            ["location"] = Location(baseUri, role.Id).AbsoluteUri,
            ["version"] = Version(role),
        };
        return resource;
    }
}
