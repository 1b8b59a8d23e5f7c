using System.Security.Claims;
using Aict.IdentityServer.Administration.Account;
using Aict.IdentityServer.Administration.Audit;
using Aict.IdentityServer.Protocol.Clients;
using Microsoft.AspNetCore.Http.HttpResults;
using OpenIddict.Abstractions;

namespace Aict.IdentityServer.Administration.Admin;

/// <summary>
/// Scopes and the API resources (audiences) they grant. A change reaches this instance's token endpoint at once:
/// writes go through the scope manager, which forgets the remembered scope → resource answers (ScopeResources).
/// A scope still allowed to a client is neither deleted nor renamed; the built-in ones are left alone.
/// </summary>
internal static class AdminScopesApi
{
    public static RouteGroupBuilder MapAdminScopes(this RouteGroupBuilder admin)
    {
        admin.MapGet("/scopes", ListAsync);
        admin.MapGet("/scopes/{name}", GetAsync);
        admin.MapPost("/scopes", CreateAsync);
        admin.MapPut("/scopes/{name}", UpdateAsync);
        admin.MapDelete("/scopes/{name}", DeleteAsync);
        admin.MapGet("/resources", ListResourcesAsync);
        return admin;
    }

    private static async Task<Ok<List<AdminScope>>> ListAsync(
        IOpenIddictScopeManager scopes, IOpenIddictApplicationManager applications, CancellationToken cancellationToken) =>
        TypedResults.Ok(await AllAsync(scopes, applications, cancellationToken));

    private static async Task<Results<Ok<AdminScope>, ProblemHttpResult>> GetAsync(
        string name, IOpenIddictScopeManager scopes, IOpenIddictApplicationManager applications, CancellationToken cancellationToken) =>
        (await AllAsync(scopes, applications, cancellationToken)).FirstOrDefault(scope => scope.Name == name) is { } found
            ? TypedResults.Ok(found)
            : AdminProblems.NotFound("No such scope");

    private static async Task<Results<Created<AdminScope>, ProblemHttpResult>> CreateAsync(
        AdminScopeInput input, ClaimsPrincipal caller, IOpenIddictScopeManager scopes, AuditTrail audit, AdminChanges changes,
        CancellationToken cancellationToken)
    {
        if (AdminScopes.Problems(input) is { } problems)
        {
            return Refused(problems);
        }

        if (AdminScopes.IsBuiltIn(input.Name!) || await scopes.FindByNameAsync(input.Name!, cancellationToken) is not null)
        {
            return AdminProblems.Field(StatusCodes.Status409Conflict, "name", $"A scope {input.Name} already exists.", "Conflict");
        }

        var descriptor = Describe(input);
        await using var change = await changes.BeginAsync(cancellationToken);
        await scopes.CreateAsync(descriptor, cancellationToken);
        await audit.RecordAsync(AuditEventTypes.ScopeCreated, userId: null, actorId: AccountApi.UserId(caller), cancellationToken: cancellationToken);
        await change.CommitAsync(clientId: null, cancellationToken);
        return TypedResults.Created($"/api/admin/scopes/{Uri.EscapeDataString(descriptor.Name!)}", AdminScopes.View(descriptor, []));
    }

    /// <summary>Changes the display name, description and resources; a new name only while no client is allowed the scope.</summary>
    private static async Task<Results<Ok<AdminScope>, ProblemHttpResult>> UpdateAsync(
        string name, AdminScopeInput input, ClaimsPrincipal caller, IOpenIddictScopeManager scopes, IOpenIddictApplicationManager applications,
        AuditTrail audit, AdminChanges changes, CancellationToken cancellationToken)
    {
        if (AdminScopes.IsBuiltIn(name))
        {
            return BuiltIn(name);
        }

        if (await scopes.FindByNameAsync(name, cancellationToken) is not { } scope)
        {
            return AdminProblems.NotFound("No such scope");
        }

        input = input with { Name = string.IsNullOrEmpty(input.Name) ? name : input.Name };
        if (AdminScopes.Problems(input) is { } problems)
        {
            return Refused(problems);
        }

        var permitted = await AdminScopes.PermittedClientsAsync(applications, cancellationToken);
        if (input.Name != name)
        {
            if (AdminScopes.IsBuiltIn(input.Name!) || await scopes.FindByNameAsync(input.Name!, cancellationToken) is not null)
            {
                return AdminProblems.Field(StatusCodes.Status409Conflict, "name", $"A scope {input.Name} already exists.", "Conflict");
            }

            if (permitted.GetValueOrDefault(name) is { Count: > 0 } clients)
            {
                return InUse(name, clients, "renamed");
            }
        }

        var descriptor = Describe(input);
        await using var change = await changes.BeginAsync(cancellationToken);
        await scopes.UpdateAsync(scope, descriptor, cancellationToken);
        await audit.RecordAsync(AuditEventTypes.ScopeUpdated, userId: null, actorId: AccountApi.UserId(caller), cancellationToken: cancellationToken);
        await change.CommitAsync(clientId: null, cancellationToken);
        return TypedResults.Ok(AdminScopes.View(descriptor, permitted));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string name, ClaimsPrincipal caller, IOpenIddictScopeManager scopes, IOpenIddictApplicationManager applications, AuditTrail audit,
        AdminChanges changes, CancellationToken cancellationToken)
    {
        if (AdminScopes.IsBuiltIn(name))
        {
            return BuiltIn(name);
        }

        if (await scopes.FindByNameAsync(name, cancellationToken) is not { } scope)
        {
            return AdminProblems.NotFound("No such scope");
        }

        if ((await AdminScopes.PermittedClientsAsync(applications, cancellationToken)).GetValueOrDefault(name) is { Count: > 0 } clients)
        {
            return InUse(name, clients, "deleted");
        }

        await using var change = await changes.BeginAsync(cancellationToken);
        await scopes.DeleteAsync(scope, cancellationToken);
        await audit.RecordAsync(AuditEventTypes.ScopeDeleted, userId: null, actorId: AccountApi.UserId(caller), cancellationToken: cancellationToken);
        await change.CommitAsync(clientId: null, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<List<AdminApiResource>>> ListResourcesAsync(
        IOpenIddictScopeManager scopes, IOpenIddictApplicationManager applications, CancellationToken cancellationToken) =>
        TypedResults.Ok((await AllAsync(scopes, applications, cancellationToken))
            .SelectMany(scope => scope.Resources.Select(resource => (resource, scope.Name)))
            .GroupBy(pair => pair.resource, StringComparer.Ordinal)
            .OrderBy(group => group.Key, StringComparer.Ordinal)
            .Select(group => new AdminApiResource(group.Key, [.. group.Select(pair => pair.Name).Order(StringComparer.Ordinal)]))
            .ToList());

    /// <summary>The built-in user scopes (registered in code, never stored), then the stored scopes, by name.</summary>
    private static async Task<List<AdminScope>> AllAsync(
        IOpenIddictScopeManager scopes, IOpenIddictApplicationManager applications, CancellationToken cancellationToken)
    {
        var permitted = await AdminScopes.PermittedClientsAsync(applications, cancellationToken);
        var all = ScopeCatalog.UserScopes.Select(name => AdminScopes.View(new OpenIddictScopeDescriptor { Name = name }, permitted)).ToList();
        var stored = new List<AdminScope>();
        await foreach (var scope in scopes.ListAsync(count: null, offset: null, cancellationToken))
        {
            var descriptor = new OpenIddictScopeDescriptor();
            await scopes.PopulateAsync(descriptor, scope, cancellationToken);
            stored.Add(AdminScopes.View(descriptor, permitted));
        }

        all.AddRange(stored.OrderBy(scope => scope.Name, StringComparer.Ordinal));
        return all;
    }

    private static OpenIddictScopeDescriptor Describe(AdminScopeInput input)
    {
        var descriptor = new OpenIddictScopeDescriptor
        {
            Name = input.Name,
            DisplayName = string.IsNullOrWhiteSpace(input.DisplayName) ? null : input.DisplayName.Trim(),
            Description = string.IsNullOrWhiteSpace(input.Description) ? null : input.Description.Trim(),
        };
        descriptor.Resources.UnionWith(input.Resources ?? []);
        return descriptor;
    }

    private static ProblemHttpResult Refused(Dictionary<string, string[]> problems) =>
        TypedResults.Problem(new HttpValidationProblemDetails(problems) { Status = StatusCodes.Status400BadRequest, Title = "Invalid scope" });

    private static ProblemHttpResult BuiltIn(string name) =>
        AdminProblems.Conflict($"{name} is built into the server: it cannot be changed, renamed or deleted.");

    private static ProblemHttpResult InUse(string name, List<string> clients, string what)
    {
        var result = AdminProblems.Conflict($"{name} cannot be {what}: it is allowed to {string.Join(", ", clients)}. Remove it from those clients first.");
        result.ProblemDetails.Extensions["clients"] = clients;
        return result;
    }
}
