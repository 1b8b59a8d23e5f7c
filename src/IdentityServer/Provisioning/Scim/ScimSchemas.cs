using System.Text.Json.Nodes;

namespace Aict.IdentityServer.Provisioning.Scim;

/// <summary>
/// The schema URNs, and the discovery documents (RFC 7643 §5–§7) describing what this server really supports:
/// the core User and Group attributes it stores, with their mutability and when they are returned.
/// </summary>
public static class ScimSchemas
{
    public const string User = "urn:ietf:params:scim:schemas:core:2.0:User";
    public const string Group = "urn:ietf:params:scim:schemas:core:2.0:Group";
    public const string ListResponse = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    public const string PatchOp = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    public const string Error = "urn:ietf:params:scim:api:messages:2.0:Error";
    public const string ServiceProviderConfig = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
    public const string ResourceType = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
    public const string Schema = "urn:ietf:params:scim:schemas:core:2.0:Schema";

    public static JsonObject ServiceProviderConfigDocument(ScimOptions options, Uri baseUri) => new()
    {
        ["schemas"] = new JsonArray(ServiceProviderConfig),
        ["documentationUri"] = "https://datatracker.ietf.org/doc/html/rfc7644",
        ["patch"] = new JsonObject { ["supported"] = true },
        ["bulk"] = new JsonObject { ["supported"] = false, ["maxOperations"] = 0, ["maxPayloadSize"] = 0 },
        ["filter"] = new JsonObject { ["supported"] = true, ["maxResults"] = options.MaxPageSize },
        ["changePassword"] = new JsonObject { ["supported"] = true },
        ["sort"] = new JsonObject { ["supported"] = false },
        ["etag"] = new JsonObject { ["supported"] = true },
        ["authenticationSchemes"] = new JsonArray(new JsonObject
        {
            ["type"] = "oauthbearertoken",
            ["name"] = "OAuth Bearer Token",
            ["description"] = "An access token with the scope scim (audience scim), from the client credentials grant at /connect/token.",
            ["specUri"] = "https://datatracker.ietf.org/doc/html/rfc6750",
            ["primary"] = true,
        }),
        ["meta"] = new JsonObject
        {
            ["resourceType"] = "ServiceProviderConfig",
            ["location"] = new Uri(baseUri, "ServiceProviderConfig").AbsoluteUri,
        },
    };

    public static JsonObject ResourceTypeDocument(string name, Uri baseUri) => new()
    {
        ["schemas"] = new JsonArray(ResourceType),
        ["id"] = name,
        ["name"] = name,
        ["endpoint"] = $"/{name}s",
        ["description"] = name == "User" ? "User account" : "Group, stored as a role",
        ["schema"] = name == "User" ? User : Group,
        ["meta"] = new JsonObject { ["resourceType"] = "ResourceType", ["location"] = new Uri(baseUri, $"ResourceTypes/{name}").AbsoluteUri },
    };

    public static JsonObject UserSchema(Uri baseUri) => SchemaDocument(User, "User", "User Account", baseUri,
    [
        Attribute("userName", uniqueness: "server", required: true),
        Attribute("name", type: "complex", subAttributes:
        [
            Attribute("formatted", mutability: "readOnly"),
            Attribute("familyName"),
            Attribute("givenName"),
        ]),
        Attribute("displayName", mutability: "readOnly"),
        Attribute("locale"),
        Attribute("active", type: "boolean"),
        Attribute("password", mutability: "writeOnly", returned: "never"),
        Attribute("emails", multiValued: true, type: "complex", subAttributes:
        [
            Attribute("value", required: true),
            Attribute("type"),
            Attribute("primary", type: "boolean"),
        ]),
        Attribute("phoneNumbers", multiValued: true, type: "complex", subAttributes:
        [
            Attribute("value", required: true),
            Attribute("type"),
            Attribute("primary", type: "boolean"),
        ]),
        Attribute("groups", multiValued: true, type: "complex", mutability: "readOnly", subAttributes:
        [
            Attribute("value", mutability: "readOnly"),
            Attribute("$ref", type: "reference", mutability: "readOnly"),
            Attribute("display", mutability: "readOnly"),
        ]),
        Attribute("externalId", caseExact: true),
    ]);

    public static JsonObject GroupSchema(Uri baseUri) => SchemaDocument(Group, "Group", "Group, stored as a role", baseUri,
    [
        Attribute("displayName", uniqueness: "server", required: true),
        Attribute("members", multiValued: true, type: "complex", subAttributes:
        [
            Attribute("value", mutability: "immutable", required: true),
            Attribute("$ref", type: "reference", mutability: "immutable"),
            Attribute("display", mutability: "readOnly"),
            Attribute("type", mutability: "immutable"),
        ]),
    ]);

    private static JsonObject SchemaDocument(string id, string name, string description, Uri baseUri, JsonObject[] attributes) => new()
    {
        ["schemas"] = new JsonArray(Schema),
        ["id"] = id,
        ["name"] = name,
        ["description"] = description,
        ["attributes"] = new JsonArray([.. attributes]),
        ["meta"] = new JsonObject { ["resourceType"] = "Schema", ["location"] = new Uri(baseUri, $"Schemas/{id}").AbsoluteUri },
    };

    private static JsonObject Attribute(
        string name, string type = "string", bool multiValued = false, bool required = false, string mutability = "readWrite",
        string returned = "default", string uniqueness = "none", bool caseExact = false, JsonObject[]? subAttributes = null)
    {
        var attribute = new JsonObject
        {
            ["name"] = name,
            ["type"] = type,
            ["multiValued"] = multiValued,
            ["required"] = required,
            ["caseExact"] = caseExact,
            ["mutability"] = mutability,
            ["returned"] = returned,
            ["uniqueness"] = uniqueness,
        };
        if (subAttributes is not null)
        {
            attribute["subAttributes"] = new JsonArray([.. subAttributes]);
        }

        return attribute;
    }
}
