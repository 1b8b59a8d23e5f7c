using Aict.IdentityServer.Protocol.Clients;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Aict.IdentityServer.Administration.Admin;

/// <summary>A scope as the console shows it, with the clients allowed to ask for it.</summary>
/// <param name="Resources">The audiences an access token for this scope is issued to (the API resources).</param>
/// <param name="BuiltIn">Part of the server (OpenID Connect's scopes, <c>account</c>): neither renamed, changed nor deleted.</param>
public sealed record AdminScope(
    string Name, string? DisplayName, string? Description, IReadOnlyList<string> Resources, bool BuiltIn, IReadOnlyList<string> Clients);

/// <summary>A scope as the console writes it.</summary>
public sealed record AdminScopeInput(string? Name, string? DisplayName, string? Description, IReadOnlyList<string>? Resources);

/// <summary>An API resource (an audience) and the scopes whose tokens are issued to it.</summary>
public sealed record AdminApiResource(string Name, IReadOnlyList<string> Scopes);

/// <summary>The scopes this server knows: the built-in ones registered with OpenIddict, and the stored ones.</summary>
internal static class AdminScopes
{
    public const int MaxNameLength = 200;
    public const int MaxDisplayNameLength = 200;
    public const int MaxDescriptionLength = 1000;
    public const int MaxResources = 10;

    /// <summary>Registered with the server in code (<see cref="ScopeCatalog.UserScopes"/>) or needed by the portal itself.</summary>
    public static bool IsBuiltIn(string name) => ScopeCatalog.UserScopes.Contains(name) || name == ScopeCatalog.Account;

    public static async Task<IReadOnlySet<string>> KnownAsync(IOpenIddictScopeManager scopes, CancellationToken cancellationToken)
    {
        var known = new HashSet<string>(ScopeCatalog.UserScopes, StringComparer.Ordinal);
        await foreach (var scope in scopes.ListAsync(count: null, offset: null, cancellationToken))
        {
            if (await scopes.GetNameAsync(scope, cancellationToken) is { Length: > 0 } name)
            {
                known.Add(name);
            }
        }

        return known;
    }

    /// <summary>The clients allowed each scope (the <c>scp:</c> permissions), by scope name.</summary>
    public static async Task<Dictionary<string, List<string>>> PermittedClientsAsync(
        IOpenIddictApplicationManager applications, CancellationToken cancellationToken)
    {
        var permitted = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        await foreach (var application in applications.ListAsync(count: null, offset: null, cancellationToken))
        {
            var clientId = (await applications.GetClientIdAsync(application, cancellationToken))!;
            var grants = await applications.GetPermissionsAsync(application, cancellationToken);
            var scopes = grants.Where(p => p.StartsWith(Permissions.Prefixes.Scope, StringComparison.Ordinal))
                .Select(p => p[Permissions.Prefixes.Scope.Length..]);
            // openid needs no permission: every code-flow client may ask for it.
            if (grants.Contains(Permissions.GrantTypes.AuthorizationCode))
            {
                scopes = scopes.Append(Scopes.OpenId);
            }

            foreach (var scope in scopes)
            {
                (permitted.TryGetValue(scope, out var clients) ? clients : permitted[scope] = []).Add(clientId);
            }
        }

        foreach (var clients in permitted.Values)
        {
            clients.Sort(StringComparer.Ordinal);
        }

        return permitted;
    }

    /// <summary>RFC 6749 §3.3 scope-token: printable ASCII except space, <c>"</c> and <c>\</c>; also what an audience may be here.</summary>
    public static bool IsToken(string? value, int maxLength) =>
        !string.IsNullOrEmpty(value) && value.Length <= maxLength
        && value.All(c => c is '\x21' or (>= '\x23' and <= '\x5B') or (>= '\x5D' and <= '\x7E'));

    /// <summary>What is wrong with the input, by field, or null.</summary>
    public static Dictionary<string, string[]>? Problems(AdminScopeInput input)
    {
        var problems = new Dictionary<string, string[]>();
        if (!IsToken(input.Name, MaxNameLength))
        {
            problems["name"] = [$"name must be 1 to {MaxNameLength} printable ASCII characters without spaces, quotes or backslashes (RFC 6749 §3.3)."];
        }

        if (input.DisplayName is { Length: > MaxDisplayNameLength })
        {
            problems["displayName"] = [$"displayName must be at most {MaxDisplayNameLength} characters."];
        }

        if (input.Description is { Length: > MaxDescriptionLength })
        {
            problems["description"] = [$"description must be at most {MaxDescriptionLength} characters."];
        }

        var resources = input.Resources ?? [];
        if (resources.Count > MaxResources || resources.Any(resource => !IsToken(resource, MaxNameLength)))
        {
            problems["resources"] = [$"resources must be at most {MaxResources} audience names, each 1 to {MaxNameLength} printable ASCII characters without spaces."];
        }

        return problems.Count == 0 ? null : problems;
    }

    public static AdminScope View(OpenIddictScopeDescriptor descriptor, Dictionary<string, List<string>> permitted) =>
        new(descriptor.Name!, descriptor.DisplayName, descriptor.Description, [.. descriptor.Resources.Order(StringComparer.Ordinal)],
            IsBuiltIn(descriptor.Name!), permitted.GetValueOrDefault(descriptor.Name!) ?? []);
}
