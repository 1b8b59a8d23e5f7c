using System.Text.Json.Nodes;

namespace Aict.IdentityServer.Provisioning.Scim;

/// <summary>One PATCH operation: add and replace set a value (at a path, or the attributes of an object), remove clears one.</summary>
public sealed record ScimPatchOperation(string Op, ScimPath? Path, JsonNode? Value)
{
    public bool Remove => Op == "remove";

    public bool Replace => Op == "replace";
}

/// <summary>Reads a PatchOp request (RFC 7644 §3.5.2).</summary>
public static class ScimPatch
{
    private const int MaxOperations = 1000;

    public static IReadOnlyList<ScimPatchOperation> Operations(JsonObject body, string schema)
    {
        ScimUserState.RequireResourceSchema(body, ScimSchemas.PatchOp);
        var operations = body["Operations"] as JsonArray
            ?? throw ScimRequest.InvalidValue("A PATCH request carries its changes in an Operations array.");
        if (operations.Count is 0 or > MaxOperations)
        {
            throw ScimRequest.InvalidValue($"Operations must hold 1 to {MaxOperations} operations.");
        }

        var result = new List<ScimPatchOperation>(operations.Count);
        foreach (var item in operations)
        {
            var operation = ScimValues.AsObject(item, "Operations[]");
            var op = ScimValues.Text(operation["op"], "op", 16)?.ToLowerInvariant();
            if (op is not ("add" or "replace" or "remove"))
            {
                throw ScimRequest.InvalidValue("op must be add, replace or remove.");
            }

            var path = ScimValues.Text(operation["path"], "path", 512) is { } text ? ScimPath.Parse(text, schema) : null;
            if (op != "remove" && path is null && operation["value"] is not JsonObject)
            {
                throw ScimRequest.InvalidValue($"An {op} without a path needs an object as its value.");
            }

            result.Add(new ScimPatchOperation(op, path, operation["value"]?.DeepClone()));
        }

        return result;
    }

    public static ScimException NoTarget() =>
        new(StatusCodes.Status400BadRequest, ScimErrorTypes.NoTarget, "A remove operation needs a path.");

    public static ScimException ReadOnly(ScimPath path) =>
        new(StatusCodes.Status400BadRequest, ScimErrorTypes.Mutability, $"{path.Attribute} is read-only.");
}
