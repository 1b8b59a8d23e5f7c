using System.Security.Cryptography;
using Aict.IdentityServer.Administration.Audit;
using Aict.IdentityServer.Administration.Users;
using Aict.IdentityServer.Platform.Data;
using Aict.IdentityServer.Protocol.Clients;
using Aict.IdentityServer.Sessions;
using Aict.IdentityServer.Sessions.BackchannelLogout;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using OpenIddict.Abstractions;

namespace Aict.IdentityServer.Administration.Realm;

/// <summary>How many items an import created, changed, and found as the file says; and the secrets it made up.</summary>
public sealed record RealmImportResult(
    int Created, int Updated, int Unchanged, int Deleted, IReadOnlyList<(string ClientId, string Secret)> GeneratedSecrets);

/// <summary>Why an import stopped inside its transaction; nothing of it was kept.</summary>
public sealed class RealmImportException(string message) : Exception(message);

/// <summary>
/// Makes the database say what a validated realm file says, in one transaction: scopes by name, roles by name,
/// clients by client id, users by e-mail are created or updated (and with <see cref="RealmPrune"/> what the file
/// does not list is deleted). An item already as the file says is left untouched, so a second import of the
/// same file changes nothing.
/// </summary>
internal sealed class RealmImport(
    ApplicationDbContext db,
    UserManager<ApplicationUser> users,
    RoleManager<IdentityRole> roles,
    IOpenIddictScopeManager scopes,
    IOpenIddictApplicationManager applications,
    UserLifecycle lifecycle,
    SessionTermination sessions,
    AuditTrail audit,
    TimeProvider time)
{
    private int _created;
    private int _updated;
    private int _unchanged;
    private readonly List<(string, string)> _secrets = [];

    /// <param name="prune">When given, deletes what the file does not list, in the same transaction.</param>
    public async Task<RealmImportResult> ApplyAsync(RealmDocument realm, LogoutUriRule logoutUris, RealmPrune? prune, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var scope in realm.Scopes)
        {
            await ApplyAsync(scope, cancellationToken);
        }

        foreach (var role in realm.Roles)
        {
            await ApplyRoleAsync(role);
        }

        foreach (var client in realm.Clients)
        {
            await ApplyAsync(client, logoutUris, cancellationToken);
        }

        foreach (var user in realm.Users)
        {
            await ApplyAsync(user, cancellationToken);
        }

        var deleted = prune is null ? 0 : await prune.DeleteUnlistedAsync(realm, cancellationToken);
        await audit.RecordAsync(AuditEventTypes.RealmImported, userId: null, cancellationToken: cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new RealmImportResult(_created, _updated, _unchanged, deleted, _secrets);
    }

    private async Task ApplyAsync(RealmScope scope, CancellationToken cancellationToken)
    {
        var existing = await scopes.FindByNameAsync(scope.Name!, cancellationToken);
        var descriptor = new OpenIddictScopeDescriptor();
        if (existing is not null)
        {
            await scopes.PopulateAsync(descriptor, existing, cancellationToken);
            if (descriptor.DisplayName == scope.DisplayName && descriptor.Description == scope.Description
                && descriptor.Resources.SetEquals(scope.Resources))
            {
                _unchanged++;
                return;
            }
        }

        descriptor.Name = scope.Name;
        descriptor.DisplayName = scope.DisplayName;
        descriptor.Description = scope.Description;
        descriptor.Resources.Clear();
        descriptor.Resources.UnionWith(scope.Resources);
        if (existing is null)
        {
            await scopes.CreateAsync(descriptor, cancellationToken);
            _created++;
        }
        else
        {
            await scopes.UpdateAsync(existing, descriptor, cancellationToken);
            _updated++;
        }
    }

    private async Task ApplyRoleAsync(string role)
    {
        if (await roles.RoleExistsAsync(role))
        {
            _unchanged++;
            return;
        }

        Ensure(await roles.CreateAsync(new IdentityRole(role)), $"role {role}");
        _created++;
    }

    private async Task ApplyAsync(RealmClient client, LogoutUriRule logoutUris, CancellationToken cancellationToken)
    {
        var (metadata, secret) = client;
        var existing = await applications.FindByClientIdAsync(metadata.ClientId!, cancellationToken);
        var descriptor = new OpenIddictApplicationDescriptor { ClientId = metadata.ClientId };
        var before = default(ClientMetadata);
        if (existing is not null)
        {
            await applications.PopulateAsync(descriptor, existing, cancellationToken);
            before = CanonicalClient.Of(descriptor);
        }

        var hadSecret = !string.IsNullOrEmpty(descriptor.ClientSecret);
        ClientDescriptors.Apply(metadata, descriptor, logoutUris);
        var secretChanged = false;
        if (!metadata.NeedsSecret)
        {
            // A secret the client no longer authenticates with must stop working.
            descriptor.ClientSecret = null;
            secretChanged = hadSecret;
        }
        else if (secret is not null)
        {
            secretChanged = !hadSecret || !await applications.ValidateClientSecretAsync(existing!, secret, cancellationToken);
            descriptor.ClientSecret = secretChanged ? secret : descriptor.ClientSecret;
        }
        else if (!hadSecret)
        {
            descriptor.ClientSecret = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
            _secrets.Add((metadata.ClientId!, descriptor.ClientSecret));
            secretChanged = true;
        }

        if (existing is null)
        {
            await applications.CreateAsync(descriptor, cancellationToken);
            _created++;
        }
        else if (secretChanged || !CanonicalClient.Same(before!, CanonicalClient.Of(metadata, logoutUris)))
        {
            await applications.UpdateAsync(existing, descriptor, cancellationToken);
            _updated++;
        }
        else
        {
            _unchanged++;
        }
    }

    private async Task ApplyAsync(RealmUser person, CancellationToken cancellationToken)
    {
        var user = await users.FindByEmailAsync(person.Email!);
        if (user is null)
        {
            user = new ApplicationUser { UserName = person.Email, Email = person.Email, Disabled = person.Disabled };
            Describe(user, person);
            user.PasswordHash = person.PasswordHash;
            Ensure(await users.CreateAsync(user), $"user {person.Email}");
            if (person.Roles.Count > 0)
            {
                Ensure(await users.AddToRolesAsync(user, person.Roles), $"the roles of {person.Email}");
            }

            _created++;
            return;
        }

        var changed = false;
        var profile = Profile(user);
        Describe(user, person);
        var passwordChanged = person.PasswordHash is not null && person.PasswordHash != user.PasswordHash;
        if (profile != Profile(user) || passwordChanged)
        {
            user.PasswordHash = person.PasswordHash ?? user.PasswordHash;
            user.UpdatedAt = time.GetUtcNow();
            Ensure(await users.UpdateAsync(user), $"user {person.Email}");
            changed = true;
        }

        if (passwordChanged)
        {
            // Whoever knew the old password keeps nothing: new stamp, no sessions, no tokens.
            Ensure(await users.UpdateSecurityStampAsync(user), $"user {person.Email}");
            await sessions.EndAllAsync(user.Id, SessionEndReason.PasswordChanged, cancellationToken: cancellationToken);
        }

        var current = await users.GetRolesAsync(user);
        var wanted = person.Roles.Select(r => roles.NormalizeKey(r)!).ToHashSet(StringComparer.Ordinal);
        var held = current.Select(r => roles.NormalizeKey(r)!).ToHashSet(StringComparer.Ordinal);
        if (!wanted.SetEquals(held))
        {
            Ensure(await users.RemoveFromRolesAsync(user, current.Where(r => !wanted.Contains(roles.NormalizeKey(r)!))), $"the roles of {person.Email}");
            Ensure(await users.AddToRolesAsync(user, person.Roles.Where(r => !held.Contains(roles.NormalizeKey(r)!))), $"the roles of {person.Email}");
            changed = true;
        }

        if (person.Disabled != user.Disabled)
        {
            // Through the lifecycle: disabling ends every session and token, and both are audited.
            Ensure(person.Disabled ? await lifecycle.DisableAsync(user, actorId: null, cancellationToken) : await lifecycle.EnableAsync(user, actorId: null, cancellationToken),
                $"user {person.Email}");
            changed = true;
        }

        if (changed)
        {
            _updated++;
        }
        else
        {
            _unchanged++;
        }
    }

    private static void Describe(ApplicationUser user, RealmUser person)
    {
        user.EmailConfirmed = person.EmailVerified;
        user.GivenName = person.GivenName;
        user.FamilyName = person.FamilyName;
        user.Locale = person.Locale;
        user.PhoneNumber = person.PhoneNumber;
        user.PhoneNumberConfirmed = person.PhoneNumberVerified;
        user.ExternalId = person.ExternalId;
        var address = person.Address is { } given ? new PostalAddress
        {
            StreetAddress = given.StreetAddress,
            Locality = given.Locality,
            Region = given.Region,
            PostalCode = given.PostalCode,
            Country = given.Country,
        } : null;
        // A new but equal address would still be written; only a different one replaces the stored one.
        if (Text(address) != Text(user.Address))
        {
            user.Address = address;
        }
    }

    private static string Text(PostalAddress? address) => address is null
        ? string.Empty
        : string.Join('\u001F', "address", address.StreetAddress, address.Locality, address.Region, address.PostalCode, address.Country);

    private static string Profile(ApplicationUser user) => string.Join('\u001F',
        user.EmailConfirmed, user.GivenName, user.FamilyName, user.Locale, user.PhoneNumber, user.PhoneNumberConfirmed, user.ExternalId, Text(user.Address));

    internal static void Ensure(IdentityResult result, string subject)
    {
        if (!result.Succeeded)
        {
            throw new RealmImportException($"Writing {subject} failed: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }
}
