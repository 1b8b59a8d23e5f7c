using System.Globalization;
using System.Net.Mail;
using System.Reflection;
using System.Text.Json.Serialization;
using Aict.IdentityServer.Administration.Admin;
using Aict.IdentityServer.Protocol.Clients;
using Aict.IdentityServer.Sessions.BackchannelLogout;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;

namespace Aict.IdentityServer.Administration.Realm;

/// <summary>
/// Everything a realm file must get right before any of it is written: each client under
/// <see cref="ClientMetadataRules"/> with this environment's logout rule, scopes and roles that exist (in the
/// file or the database), no item twice, well-formed e-mail addresses, locales and password hashes.
/// </summary>
internal sealed class RealmValidation(
    UserManager<ApplicationUser> users,
    RoleManager<IdentityRole> roles,
    IOpenIddictScopeManager scopes)
{
    private const int MaxTextLength = 256;
    private const int MinSecretLength = 32;

    private static readonly HashSet<string> MetadataMembers = [.. typeof(ClientMetadata).GetProperties()
        .Select(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name).OfType<string>()];

    /// <param name="prune">Whether what the file does not list goes: then only the file (and the built-in scopes) can supply a scope or role.</param>
    public async Task CheckAsync(RealmDocument realm, LogoutUriRule logoutUris, bool prune, List<RealmProblem> problems, CancellationToken cancellationToken)
    {
        var scopeNames = CheckScopes(realm.Scopes, problems);
        var roleNames = CheckRoles(realm.Roles, problems);
        if (!prune)
        {
            await foreach (var scope in scopes.ListAsync(count: null, offset: null, cancellationToken))
            {
                scopeNames.Add((await scopes.GetNameAsync(scope, cancellationToken))!);
            }

            roleNames.UnionWith(await roles.Roles.Where(r => r.NormalizedName != null).Select(r => r.NormalizedName!).ToListAsync(cancellationToken));
        }
        else if (!realm.Users.Any(u => u.Roles.Any(r => roles.NormalizeKey(r) == roles.NormalizeKey(AdminApi.Role)))
            && await roles.RoleExistsAsync(AdminApi.Role) && (await users.GetUsersInRoleAsync(AdminApi.Role)).Count > 0)
        {
            problems.Add(new("$.users", $"--prune would delete every administrator: no user in the file has the {AdminApi.Role} role."));
        }

        CheckClients(realm.Clients, new ClientMetadataPolicy(scopeNames, logoutUris), problems);
        CheckUsers(realm.Users, roleNames, prune, problems);
    }

    private static HashSet<string> CheckScopes(IReadOnlyList<RealmScope> realmScopes, List<RealmProblem> problems)
    {
        var known = new HashSet<string>(ScopeCatalog.UserScopes.Concat(ScopeCatalog.All), StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var index = 0; index < realmScopes.Count; index++)
        {
            var path = $"$.scopes[{index}]";
            var scope = realmScopes[index];
            if (Word(scope.Name) is { } problem)
            {
                problems.Add(new($"{path}.name", problem));
                continue;
            }

            if (!seen.TryAdd(scope.Name!, index))
            {
                problems.Add(new($"{path}.name", $"{scope.Name} is already defined at $.scopes[{seen[scope.Name!]}]."));
            }
            else if (ScopeCatalog.UserScopes.Contains(scope.Name))
            {
                problems.Add(new($"{path}.name", $"{scope.Name} is a standard OpenID Connect scope; it needs no entry."));
            }
            else if (ScopeCatalog.ApiScopes.TryGetValue(scope.Name!, out var audience) && !scope.Resources.SequenceEqual([audience]))
            {
                problems.Add(new($"{path}.resources", $"{scope.Name} is built in: its resources are [\"{audience}\"]."));
            }

            for (var r = 0; r < scope.Resources.Count; r++)
            {
                if (Word(scope.Resources[r]) is { } resourceProblem)
                {
                    problems.Add(new($"{path}.resources[{r}]", resourceProblem));
                }
            }

            CheckLength($"{path}.display_name", scope.DisplayName, problems);
            CheckLength($"{path}.description", scope.Description, problems, 1000);
            known.Add(scope.Name!);
        }

        return known;
    }

    private HashSet<string> CheckRoles(IReadOnlyList<string> realmRoles, List<RealmProblem> problems)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var index = 0; index < realmRoles.Count; index++)
        {
            var path = $"$.roles[{index}]";
            if (Word(realmRoles[index]) is { } problem)
            {
                problems.Add(new(path, problem));
            }
            else if (!seen.TryAdd(roles.NormalizeKey(realmRoles[index])!, index))
            {
                problems.Add(new(path, $"{realmRoles[index]} is already defined at $.roles[{seen[roles.NormalizeKey(realmRoles[index])!]}]."));
            }
        }

        return [.. seen.Keys];
    }

    private static void CheckClients(IReadOnlyList<RealmClient> clients, ClientMetadataPolicy policy, List<RealmProblem> problems)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var index = 0; index < clients.Count; index++)
        {
            var path = $"$.clients[{index}]";
            var (metadata, secret) = clients[index];
            if (Word(metadata.ClientId) is { } idProblem)
            {
                problems.Add(new($"{path}.client_id", idProblem));
            }
            else if (!seen.TryAdd(metadata.ClientId!, index))
            {
                problems.Add(new($"{path}.client_id", $"{metadata.ClientId} is already defined at $.clients[{seen[metadata.ClientId!]}]."));
            }

            if (ClientMetadataRules.Check(metadata, policy) is { } problem)
            {
                problems.Add(new(path + Member(problem.Description), $"{problem.Error}: {problem.Description}"));
            }

            if (secret is not null && !metadata.NeedsSecret)
            {
                problems.Add(new($"{path}.{RealmClient.SecretProperty}", "only a client authenticating with client_secret_basic or client_secret_post has a secret."));
            }
            else if (secret is { Length: < MinSecretLength })
            {
                problems.Add(new($"{path}.{RealmClient.SecretProperty}", $"must be at least {MinSecretLength} characters; leave it out and the import makes one."));
            }
        }
    }

    private void CheckUsers(IReadOnlyList<RealmUser> realmUsers, HashSet<string> roleNames, bool prune, List<RealmProblem> problems)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var index = 0; index < realmUsers.Count; index++)
        {
            var path = $"$.users[{index}]";
            var user = realmUsers[index];
            if (EmailProblem(user.Email) is { } emailProblem)
            {
                problems.Add(new($"{path}.email", emailProblem));
            }
            else if (!seen.TryAdd(users.NormalizeEmail(user.Email)!, index))
            {
                problems.Add(new($"{path}.email", $"{user.Email} is already defined at $.users[{seen[users.NormalizeEmail(user.Email)!]}]."));
            }

            for (var r = 0; r < user.Roles.Count; r++)
            {
                if (string.IsNullOrWhiteSpace(user.Roles[r]) || !roleNames.Contains(roles.NormalizeKey(user.Roles[r])!))
                {
                    problems.Add(new($"{path}.roles[{r}]", $"role {user.Roles[r]} is not defined in $.roles{(prune ? string.Empty : " nor in the database")}."));
                }
            }

            if (user.PasswordHash is { } hash && !PasswordHashFormat.IsIdentityV3(hash))
            {
                problems.Add(new($"{path}.password_hash", "not an ASP.NET Core Identity password hash (version 3), as an export with --include-secrets writes it."));
            }

            if (user.Locale is { } locale && !IsCulture(locale))
            {
                problems.Add(new($"{path}.locale", $"{locale} is not a known language tag (BCP 47), e.g. ko-KR."));
            }

            foreach (var (name, value) in new[]
            {
                ("given_name", user.GivenName), ("family_name", user.FamilyName), ("phone_number", user.PhoneNumber), ("external_id", user.ExternalId),
                ("address.street_address", user.Address?.StreetAddress), ("address.locality", user.Address?.Locality), ("address.region", user.Address?.Region),
                ("address.postal_code", user.Address?.PostalCode), ("address.country", user.Address?.Country),
            })
            {
                CheckLength($"{path}.{name}", value, problems);
            }
        }
    }

    private static string? Word(string? value) =>
        string.IsNullOrWhiteSpace(value) ? "required."
        : value.Length > 200 ? "must be at most 200 characters."
        : value.Any(char.IsWhiteSpace) ? $"{value} must not contain spaces."
        : null;

    private static string? EmailProblem(string? email) =>
        string.IsNullOrWhiteSpace(email) ? "required."
        : email.Length > MaxTextLength || !MailAddress.TryCreate(email, out var address) || address.Address != email || address.DisplayName.Length > 0
            ? $"{email} is not an e-mail address."
            : null;

    private static bool IsCulture(string tag)
    {
        try
        {
            return CultureInfo.GetCultureInfo(tag, predefinedOnly: true).Name.Length > 0;
        }
        catch (CultureNotFoundException)
        {
            return false;
        }
    }

    private static void CheckLength(string path, string? value, List<RealmProblem> problems, int max = MaxTextLength)
    {
        if (value is { Length: > 0 } && value.Length > max)
        {
            problems.Add(new(path, $"must be at most {max} characters."));
        }
    }

    // ClientMetadataRules names the member first ("redirect_uris: ..."); the path then points at it.
    private static string Member(string description)
    {
        var end = description.IndexOfAny([':', ' ']);
        return end > 0 && MetadataMembers.Contains(description[..end]) ? "." + description[..end] : string.Empty;
    }
}
