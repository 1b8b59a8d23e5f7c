using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using Aict.IdentityServer.SignIn.Users;

namespace Aict.IdentityServer.Provisioning.Scim;

/// <summary>
/// What a provisioning client may write of a user, read from a full resource (POST, PUT) or changed by PATCH
/// operations, then checked as a whole before anything is stored.
/// </summary>
public sealed class ScimUserState
{
    /// <summary>Core User attributes this server does not store (RFC 7643 §4.1): written values are ignored, as they are for extensions.</summary>
    private static readonly HashSet<string> IgnoredAttributes = new(StringComparer.OrdinalIgnoreCase)
    {
        "displayName", "nickName", "profileUrl", "title", "userType", "preferredLanguage", "timezone",
        "ims", "photos", "addresses", "entitlements", "roles", "x509Certificates",
    };

    private static readonly HashSet<string> ReadOnlyAttributes = new(StringComparer.OrdinalIgnoreCase) { "id", "meta", "groups" };

    public string? UserName { get; set; }

    public string? GivenName { get; set; }

    public string? FamilyName { get; set; }

    public string? Email { get; set; }

    public string? Phone { get; set; }

    public string? Locale { get; set; }

    public string? ExternalId { get; set; }

    /// <summary>Null: as it is (a PUT without <c>active</c> does not switch a disabled account back on).</summary>
    public bool? Active { get; set; }

    /// <summary>A new password, never read back; null when the request sets none.</summary>
    public string? Password { get; set; }

    public static ScimUserState Of(ApplicationUser user) => new()
    {
        UserName = user.UserName,
        GivenName = user.GivenName,
        FamilyName = user.FamilyName,
        Email = user.Email,
        Phone = user.PhoneNumber,
        Locale = user.Locale,
        ExternalId = user.ExternalId,
    };

    /// <summary>A whole User resource: attributes left out are cleared; read-only and unsupported ones are ignored (RFC 7644 §3.5.1).</summary>
    public static ScimUserState FromResource(JsonObject body)
    {
        RequireSchema(body, ScimSchemas.User);
        var state = new ScimUserState();
        foreach (var (name, value) in body)
        {
            var path = ScimPath.WithoutSchema(name, ScimSchemas.User);
            if (!path.Equals("schemas", StringComparison.OrdinalIgnoreCase) && !ReadOnlyAttributes.Contains(path))
            {
                state.Set(ScimPath.Parse(path, ScimSchemas.User), value, ignoreUnknown: true);
            }
        }

        return state;
    }

    /// <summary>Applies a PatchOp body (RFC 7644 §3.5.2) in order; op names in any case, values as Entra ID and Okta send them.</summary>
    public void Patch(JsonObject body)
    {
        foreach (var operation in ScimPatch.Operations(body, ScimSchemas.User))
        {
            if (operation.Remove)
            {
                Remove(operation.Path ?? throw ScimPatch.NoTarget());
            }
            else if (operation.Path is { } path)
            {
                Set(path, operation.Value, ignoreUnknown: false);
            }
            else
            {
                foreach (var (name, value) in ScimValues.AsObject(operation.Value, "value"))
                {
                    var attribute = ScimPath.WithoutSchema(name, ScimSchemas.User);
                    if (!attribute.Equals("schemas", StringComparison.OrdinalIgnoreCase) && !attribute.Equals("id", StringComparison.OrdinalIgnoreCase))
                    {
                        Set(ScimPath.Parse(attribute, ScimSchemas.User), value, ignoreUnknown: false);
                    }
                }
            }
        }
    }

    /// <summary>The address the user signs in with: the primary e-mail, else a user name that is an e-mail address.</summary>
    public string RequireEmail()
    {
        if (UserName is null)
        {
            throw ScimRequest.InvalidValue("userName is required.");
        }

        var email = Email ?? (IsEmail(UserName) ? UserName : null)
            ?? throw ScimRequest.InvalidValue("A user signs in with an e-mail address: send emails (primary) or a userName that is one.");
        return IsEmail(email) ? email : throw ScimRequest.InvalidValue("The e-mail address is not valid.");
    }

    /// <summary>Copies the profile attributes (not the user name, e-mail, state or password) onto the account.</summary>
    public void ApplyProfile(ApplicationUser user)
    {
        user.GivenName = GivenName;
        user.FamilyName = FamilyName;
        user.PhoneNumber = Phone;
        user.Locale = Locale;
        user.ExternalId = ExternalId;
    }

    private void Set(ScimPath path, JsonNode? value, bool ignoreUnknown)
    {
        switch (path)
        {
            case { IsExtension: true }:
            case var _ when IgnoredAttributes.Contains(path.Attribute):
                return;
            case var _ when path.Is("userName") && path.SubAttribute is null:
                UserName = ScimValues.Text(value, "userName", 256) ?? throw ScimRequest.InvalidValue("userName is required.");
                return;
            case var _ when path.Is("name"):
                SetName(path.SubAttribute, value);
                return;
            case var _ when path.Is("emails"):
                Email = MultiValued(path, value, "emails", 256);
                return;
            case var _ when path.Is("phoneNumbers"):
                // One number is kept, the one people answer: fax and pager numbers (Entra ID maps them) are not it.
                if (!Names(path.Filter, "fax") && !Names(path.Filter, "pager"))
                {
                    Phone = MultiValued(path, value, "phoneNumbers", 50);
                }

                return;
            case var _ when path.Is("locale") && path.SubAttribute is null:
                Locale = ScimValues.Text(value, "locale", 35);
                return;
            case var _ when path.Is("externalId") && path.SubAttribute is null:
                ExternalId = ScimValues.Text(value, "externalId", 200);
                return;
            case var _ when path.Is("active") && path.SubAttribute is null:
                Active = ScimValues.Boolean(value, "active");
                return;
            case var _ when path.Is("password") && path.SubAttribute is null:
                Password = value is JsonValue text && text.TryGetValue<string>(out var password) && password.Length is > 0 and <= 512
                    ? password
                    : throw ScimRequest.InvalidValue("password must be a string of 1 to 512 characters.");
                return;
            case var _ when ReadOnlyAttributes.Contains(path.Attribute):
                throw ScimPatch.ReadOnly(path);
            case var _ when ignoreUnknown:
                return;
            default:
                throw ScimPath.Invalid($"'{path}' is not an attribute of a User.");
        }
    }

    private void SetName(string? subAttribute, JsonNode? value)
    {
        if (subAttribute is null)
        {
            foreach (var (name, sub) in ScimValues.AsObject(value, "name"))
            {
                SetName(name, sub);
            }

            return;
        }

        switch (subAttribute.ToLowerInvariant())
        {
            case "givenname":
                GivenName = ScimValues.Text(value, "name.givenName", 100);
                break;
            case "familyname":
                FamilyName = ScimValues.Text(value, "name.familyName", 100);
                break;
            case "formatted" or "middlename" or "honorificprefix" or "honorificsuffix":
                break;
            default:
                throw ScimPath.Invalid($"'name.{subAttribute}' is not an attribute of a User.");
        }
    }

    private void Remove(ScimPath path)
    {
        switch (path)
        {
            case { IsExtension: true }:
            case var _ when IgnoredAttributes.Contains(path.Attribute):
                return;
            case var _ when path.Is("name") && path.SubAttribute is null:
                GivenName = FamilyName = null;
                return;
            case var _ when path.Is("name"):
                SetName(path.SubAttribute, null);
                return;
            case var _ when path.Is("emails"):
                Email = Matches(path.Filter, Email, "work") ? null : Email;
                return;
            case var _ when path.Is("phoneNumbers"):
                Phone = Matches(path.Filter, Phone, "work", "mobile") ? null : Phone;
                return;
            case var _ when path.Is("locale"):
                Locale = null;
                return;
            case var _ when path.Is("externalId"):
                ExternalId = null;
                return;
            case var _ when path.Is("userName") || path.Is("active") || path.Is("password"):
                throw ScimRequest.InvalidValue($"{path.Attribute} cannot be removed.");
            case var _ when ReadOnlyAttributes.Contains(path.Attribute):
                throw ScimPatch.ReadOnly(path);
            default:
                throw ScimPath.Invalid($"'{path}' is not an attribute of a User.");
        }
    }

    /// <summary>
    /// The one value this server keeps of <c>emails</c> or <c>phoneNumbers</c>: from the whole list the primary
    /// (else the first), from <c>attribute[filter].value</c> or <c>attribute.value</c> the value itself.
    /// </summary>
    private static string? MultiValued(ScimPath path, JsonNode? value, string attribute, int maxLength)
    {
        if (path.SubAttribute is null && path.Filter is null)
        {
            var items = ScimValues.Array(value, attribute).Select(item => ScimValues.AsObject(item, attribute)).ToList();
            var chosen = items.FirstOrDefault(item => ScimValues.AsBoolean(item["primary"]) == true) ?? items.FirstOrDefault();
            return chosen is null ? null : ScimValues.Text(chosen["value"], $"{attribute}.value", maxLength);
        }

        if (path.SubAttribute is null)
        {
            return ScimValues.Text(ScimValues.AsObject(value, attribute)["value"], $"{attribute}.value", maxLength);
        }

        return path.SubAttribute.ToLowerInvariant() switch
        {
            "value" => ScimValues.Text(value, $"{attribute}.value", maxLength),
            _ => throw ScimPath.Invalid($"Only {attribute}.value can be written."),
        };
    }

    /// <summary>
    /// Whether a removal's filter names the one value kept: by its value, by a type it is kept as
    /// (<paramref name="keptTypes"/>), by <c>primary</c>, or with no filter at all.
    /// </summary>
    private static bool Matches(ScimComparison? filter, string? current, params string[] keptTypes) => filter switch
    {
        null => true,
        _ when filter.Attribute.Equals("value", StringComparison.OrdinalIgnoreCase) =>
            string.Equals(ScimFilter.Text(filter), current, StringComparison.OrdinalIgnoreCase),
        _ when filter.Attribute.Equals("type", StringComparison.OrdinalIgnoreCase) =>
            keptTypes.Contains(ScimFilter.Text(filter), StringComparer.OrdinalIgnoreCase),
        _ => true,
    };

    private static bool Names(ScimComparison? filter, string type) =>
        filter is not null && filter.Attribute.Equals("type", StringComparison.OrdinalIgnoreCase)
        && string.Equals(ScimFilter.Text(filter), type, StringComparison.OrdinalIgnoreCase);

    private static void RequireSchema(JsonObject body, string schema)
    {
        if (body["schemas"] is { } schemas
            && !ScimValues.Array(schemas, "schemas").Any(item => item is JsonValue value && value.TryGetValue<string>(out var text)
                && text.Equals(schema, StringComparison.OrdinalIgnoreCase)))
        {
            throw ScimRequest.InvalidValue($"schemas must include {schema}.");
        }
    }

    internal static void RequireResourceSchema(JsonObject body, string schema) => RequireSchema(body, schema);

    private static bool IsEmail(string value) =>
        value.Length <= 256 && new EmailAddressAttribute().IsValid(value) && System.Net.Mail.MailAddress.TryCreate(value, out var parsed)
        && parsed.Address == value;
}
