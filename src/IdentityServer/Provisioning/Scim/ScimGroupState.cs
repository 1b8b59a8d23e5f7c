using System.Text.Json.Nodes;

namespace Aict.IdentityServer.Provisioning.Scim;

/// <summary>What a provisioning client may write of a group: its name and its members (user ids).</summary>
public sealed class ScimGroupState
{
    public string? DisplayName { get; set; }

    public HashSet<string> Members { get; init; } = new(StringComparer.Ordinal);

    public static ScimGroupState FromResource(JsonObject body)
    {
        ScimUserState.RequireResourceSchema(body, ScimSchemas.Group);
        var state = new ScimGroupState { DisplayName = ScimValues.Text(body["displayName"], "displayName", 256) };
        state.Members.UnionWith(MemberIds(body["members"]));
        return state;
    }

    /// <summary>
    /// Applies a PatchOp body: members added, removed (all, a list, or <c>members[value eq "id"]</c>) or replaced, and
    /// displayName replaced; the shapes Entra ID and Okta send.
    /// </summary>
    public void Patch(JsonObject body)
    {
        foreach (var operation in ScimPatch.Operations(body, ScimSchemas.Group))
        {
            if (operation.Path is null)
            {
                foreach (var (name, value) in ScimValues.AsObject(operation.Value, "value"))
                {
                    var attribute = ScimPath.WithoutSchema(name, ScimSchemas.Group);
                    if (attribute.Equals("id", StringComparison.OrdinalIgnoreCase) || attribute.Equals("schemas", StringComparison.OrdinalIgnoreCase))
                    {
                        continue;
                    }

                    Set(ScimPath.Parse(attribute, ScimSchemas.Group), operation.Replace, value);
                }
            }
            else if (operation.Remove)
            {
                Remove(operation.Path, operation.Value);
            }
            else
            {
                Set(operation.Path, operation.Replace, operation.Value);
            }
        }
    }

    private void Set(ScimPath path, bool replace, JsonNode? value)
    {
        if (path.Is("displayName") && path.SubAttribute is null && path.Filter is null)
        {
            DisplayName = ScimValues.Text(value, "displayName", 256) ?? throw ScimRequest.InvalidValue("displayName is required.");
        }
        else if (path.Is("members") && path.SubAttribute is null && path.Filter is null)
        {
            if (replace)
            {
                Members.Clear();
            }

            Members.UnionWith(MemberIds(value));
        }
        else if (path.Is("externalId") || path.IsExtension)
        {
            // Not stored for groups.
        }
        else if (path.Is("meta") || path.Is("id"))
        {
            throw ScimPatch.ReadOnly(path);
        }
        else
        {
            throw ScimPath.Invalid($"'{path}' cannot be written on a Group: use displayName or members.");
        }
    }

    private void Remove(ScimPath path, JsonNode? value)
    {
        if (!path.Is("members") || path.SubAttribute is not null)
        {
            throw path.Is("displayName")
                ? ScimRequest.InvalidValue("displayName cannot be removed.")
                : ScimPath.Invalid($"'{path}' cannot be removed from a Group: use members.");
        }

        if (path.Filter is { } filter)
        {
            if (!filter.Attribute.Equals("value", StringComparison.OrdinalIgnoreCase))
            {
                throw ScimPath.Invalid("Members are chosen by value: members[value eq \"id\"].");
            }

            Members.Remove(ScimFilter.Text(filter));
        }
        else if (value is null)
        {
            Members.Clear();
        }
        else
        {
            Members.ExceptWith(MemberIds(value));
        }
    }

    private static List<string> MemberIds(JsonNode? node) =>
        ScimValues.Array(node, "members").Select(item =>
            ScimValues.Text(ScimValues.AsObject(item, "members")["value"], "members.value", 450)
            ?? throw ScimRequest.InvalidValue("Each member needs a value (the user's id).")).ToList();
}
