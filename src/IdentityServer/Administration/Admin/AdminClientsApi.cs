using System.Security.Claims;
using Aict.IdentityServer.Administration.Account;
using Aict.IdentityServer.Administration.Audit;
using Aict.IdentityServer.Protocol.Clients;
using Aict.IdentityServer.Sessions.BackchannelLogout;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Core;

namespace Aict.IdentityServer.Administration.Admin;

/// <summary>
/// Clients in the admin console: listed, read and written as <see cref="ClientMetadata"/>, checked by
/// <see cref="ClientMetadataRules"/> with this environment's logout rule. A secret the server makes up is
/// answered once and stored hashed. Secrets, disabling and deletion are in <see cref="AdminClientActions"/>.
/// </summary>
internal static class AdminClientsApi
{
    private const int MaxListed = 1000;

    public static RouteGroupBuilder MapAdminClients(this RouteGroupBuilder admin)
    {
        admin.MapGet("/clients", ListAsync);
        admin.MapGet("/clients/{clientId}", GetAsync);
        admin.MapPost("/clients", CreateAsync);
        admin.MapPut("/clients/{clientId}", UpdateAsync);
        admin.MapPost("/clients/{clientId}/secret", AdminClientActions.RotateSecretAsync);
        admin.MapPost("/clients/{clientId}/disable", AdminClientActions.DisableAsync);
        admin.MapPost("/clients/{clientId}/enable", AdminClientActions.EnableAsync);
        admin.MapDelete("/clients/{clientId}", AdminClientActions.DeleteAsync);
        return admin;
    }

    private static async Task<Ok<List<AdminClientSummary>>> ListAsync(IOpenIddictApplicationManager applications, CancellationToken cancellationToken)
    {
        var clients = new List<AdminClientSummary>();
        await foreach (var application in applications.ListAsync(MaxListed, 0, cancellationToken))
        {
            var descriptor = await AdminClients.DescribeAsync(applications, application, cancellationToken);
            var metadata = ClientDescriptors.Describe(descriptor);
            clients.Add(new(descriptor.ClientId!, descriptor.DisplayName, descriptor.ClientType, metadata.GrantTypes ?? [], ClientDisabling.IsDisabled(descriptor)));
        }

        return TypedResults.Ok(clients.OrderBy(c => c.ClientId, StringComparer.Ordinal).ToList());
    }

    private static async Task<Results<Ok<AdminClient>, ProblemHttpResult>> GetAsync(
        string clientId, IOpenIddictApplicationManager applications, CancellationToken cancellationToken) =>
        await applications.FindByClientIdAsync(clientId, cancellationToken) is { } application
            ? TypedResults.Ok(AdminClients.View(await AdminClients.DescribeAsync(applications, application, cancellationToken)))
            : AdminProblems.NotFound("No such client");

    /// <summary>Registers a client; one that authenticates with a secret gets a new one, answered this once.</summary>
    private static async Task<Results<Created<AdminClientSaved>, ProblemHttpResult>> CreateAsync(
        ClientMetadata metadata, ClaimsPrincipal caller, IOpenIddictApplicationManager applications, IOpenIddictScopeManager scopes,
        IHostEnvironment environment, IOptions<BackchannelLogoutOptions> logout, AuditTrail audit, AdminChanges changes,
        CancellationToken cancellationToken)
    {
        var clientId = string.IsNullOrEmpty(metadata.ClientId) ? AdminClients.NewClientId() : metadata.ClientId;
        if (!AdminClients.ClientIdSyntax().IsMatch(clientId))
        {
            return AdminProblems.Field(StatusCodes.Status400BadRequest, "client_id",
                "client_id must be 3 to 100 letters, digits or . _ : - and start with a letter or digit.", "Invalid client metadata");
        }

        if (await applications.FindByClientIdAsync(clientId, cancellationToken) is not null)
        {
            return AdminProblems.Field(StatusCodes.Status409Conflict, "client_id", $"A client {clientId} already exists.", "Conflict");
        }

        var rule = LogoutUriRule.For(environment, logout.Value);
        if (ClientMetadataRules.Check(metadata, new(await AdminScopes.KnownAsync(scopes, cancellationToken), rule)) is { } problem)
        {
            return AdminClients.Refused(problem);
        }

        var descriptor = new OpenIddictApplicationDescriptor { ClientId = clientId };
        ClientDescriptors.Apply(metadata, descriptor, rule);
        var secret = metadata.NeedsSecret ? AdminClients.NewSecret() : null;
        descriptor.ClientSecret = secret;
        await using var change = await changes.BeginAsync(cancellationToken);
        try
        {
            await applications.CreateAsync(descriptor, cancellationToken);
        }
        catch (OpenIddictExceptions.ValidationException refused)
        {
            return AdminProblems.Field(StatusCodes.Status400BadRequest, "metadata", Summary(refused), "Invalid client metadata");
        }

        await audit.RecordAsync(AuditEventTypes.ClientCreated, userId: null, clientId: clientId, actorId: AccountApi.UserId(caller),
            cancellationToken: cancellationToken);
        await change.CommitAsync(clientId, cancellationToken);
        return TypedResults.Created($"/api/admin/clients/{Uri.EscapeDataString(clientId)}", new AdminClientSaved(AdminClients.View(descriptor), secret));
    }

    /// <summary>
    /// Replaces what the client is allowed with <paramref name="metadata"/>; takes effect at the next request.
    /// Its secret stays, unless the client no longer uses one (removed) or starts to (a new one, answered once).
    /// </summary>
    private static async Task<Results<Ok<AdminClientSaved>, ProblemHttpResult>> UpdateAsync(
        string clientId, ClientMetadata metadata, ClaimsPrincipal caller, IOpenIddictApplicationManager applications,
        IOpenIddictScopeManager scopes, IHostEnvironment environment, IOptions<BackchannelLogoutOptions> logout, AuditTrail audit,
        AdminChanges changes, CancellationToken cancellationToken)
    {
        if (await applications.FindByClientIdAsync(clientId, cancellationToken) is not { } application)
        {
            return AdminProblems.NotFound("No such client");
        }

        if (!string.IsNullOrEmpty(metadata.ClientId) && metadata.ClientId != clientId)
        {
            return AdminProblems.Field(StatusCodes.Status400BadRequest, "client_id", "client_id cannot be changed.", "Invalid client metadata");
        }

        var rule = LogoutUriRule.For(environment, logout.Value);
        if (ClientMetadataRules.Check(metadata, new(await AdminScopes.KnownAsync(scopes, cancellationToken), rule)) is { } problem)
        {
            return AdminClients.Refused(problem);
        }

        var descriptor = await AdminClients.DescribeAsync(applications, application, cancellationToken);
        var hadSecret = !string.IsNullOrEmpty(descriptor.ClientSecret);
        ClientDescriptors.Apply(metadata, descriptor, rule);
        string? issued = null;
        if (metadata.NeedsSecret && !hadSecret)
        {
            descriptor.ClientSecret = issued = AdminClients.NewSecret();
        }
        else if (!metadata.NeedsSecret)
        {
            descriptor.ClientSecret = null;
        }

        await using var change = await changes.BeginAsync(cancellationToken);
        try
        {
            await applications.UpdateAsync(application, descriptor, cancellationToken);
        }
        catch (OpenIddictExceptions.ValidationException refused)
        {
            return AdminProblems.Field(StatusCodes.Status400BadRequest, "metadata", Summary(refused), "Invalid client metadata");
        }

        await audit.RecordAsync(AuditEventTypes.ClientUpdated, userId: null, clientId: clientId, actorId: AccountApi.UserId(caller),
            cancellationToken: cancellationToken);
        await change.CommitAsync(clientId, cancellationToken);
        return TypedResults.Ok(new AdminClientSaved(AdminClients.View(descriptor), issued));
    }

    private static string Summary(OpenIddictExceptions.ValidationException refused) =>
        string.Join(" ", refused.Results.Select(result => result.ErrorMessage).OfType<string>());
}
