using System.Globalization;
using System.Text.Json.Nodes;
using Aict.IdentityServer.SignIn.Users;

namespace Aict.IdentityServer.Provisioning.Scim;

/// <summary>A group a user belongs to, as the user's read-only <c>groups</c> attribute lists it.</summary>
public sealed record GroupReference(string Id, string? Name);

/// <summary>An account as a SCIM User resource (RFC 7643 §4.1); the password is never returned.</summary>
public static class UserResources
{
    public static string Version(ApplicationUser user) => $"W/\"{user.ConcurrencyStamp}\"";

    public static Uri Location(Uri baseUri, string id) => new(baseUri, $"Users/{Uri.EscapeDataString(id)}");

    public static JsonObject Render(ApplicationUser user, IEnumerable<GroupReference> groups, Uri baseUri)
    {
        var resource = new JsonObject
        {
            ["schemas"] = new JsonArray(ScimSchemas.User),
            ["id"] = user.Id,
        };
        if (user.ExternalId is not null)
        {
            resource["externalId"] = user.ExternalId;
        }

        resource["userName"] = user.UserName;
        var name = new JsonObject();
        if (user.GivenName is not null)
        {
            name["givenName"] = user.GivenName;
        }

        if (user.FamilyName is not null)
        {
            name["familyName"] = user.FamilyName;
        }

        if (user.DisplayName is { } displayName)
        {
            name["formatted"] = displayName;
            resource["name"] = name;
            resource["displayName"] = displayName;
        }

        if (user.Email is not null)
        {
            resource["emails"] = new JsonArray(new JsonObject { ["value"] = user.Email, ["type"] = "work", ["primary"] = true });
        }

        if (user.PhoneNumber is not null)
        {
            resource["phoneNumbers"] = new JsonArray(new JsonObject { ["value"] = user.PhoneNumber, ["type"] = "work", ["primary"] = true });
        }

        if (user.Locale is not null)
        {
            resource["locale"] = user.Locale;
        }

        resource["active"] = !user.Disabled;
        resource["groups"] = new JsonArray([.. groups.Select(group => (JsonNode)new JsonObject
        {
            ["value"] = group.Id,
            ["$ref"] = GroupResources.Location(baseUri, group.Id).AbsoluteUri,
            ["display"] = group.Name,
        })]);
        resource["meta"] = new JsonObject
        {
            ["resourceType"] = "User",
            ["created"] = Timestamp(user.CreatedAt),
            ["lastModified"] = Timestamp(user.UpdatedAt),
            ["location"] = Location(baseUri, user.Id).AbsoluteUri,
            ["version"] = Version(user),
        };
        return resource;
    }

    public static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The ListResponse envelope (RFC 7644 §3.4.2).</summary>
    public static JsonObject List(int total, int startIndex, IEnumerable<JsonObject> resources)
    {
        var page = new JsonArray([.. resources]);
        return new JsonObject
        {
            ["schemas"] = new JsonArray(ScimSchemas.ListResponse),
            ["totalResults"] = total,
            ["startIndex"] = startIndex,
            ["itemsPerPage"] = page.Count,
            ["Resources"] = page,
        };
    }
}
