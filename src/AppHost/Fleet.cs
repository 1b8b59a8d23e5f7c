namespace Aict.AppHost;

/// <summary>
/// The fleet (<c>--fleet</c>): two instances of each service on PostgreSQL and redis-server behind the gateway,
/// which serves the public URLs (identity :5100, commerce :5200, portal :5300) that the single-instance run uses.
/// </summary>
internal static class Fleet
{
    public const string Switch = "--fleet";

    private const string Issuer = "http://localhost:5100/";

    public static void AddFleet(this IDistributedApplicationBuilder builder)
    {
        var services = builder.ExecutionContext.IsRunMode
            ? FleetServices.Prepare(Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", "..")))
            : new FleetServices("Host=127.0.0.1;Port=5432;Username=aict;Password=aict", "127.0.0.1:6381");

        // The first instance migrates and seeds an empty database; the second starts once it is healthy, so that
        // two seeders never race to create the same demo user or client.
        var identity1 = builder.AddInstance<Projects.IdentityServer>("identity-1", 5101, services)
            .WithEnvironment("ConnectionStrings__identity", services.IdentityDatabase)
            .WithEnvironment("Server__Issuer", Issuer);
        var identity2 = builder.AddInstance<Projects.IdentityServer>("identity-2", 5102, services)
            .WithEnvironment("ConnectionStrings__identity", services.IdentityDatabase)
            .WithEnvironment("Server__Issuer", Issuer)
            .WaitFor(identity1);

        var commerce1 = builder.AddInstance<Projects.CommerceApi>("commerce-1", 5201, services)
            .WithEnvironment("ConnectionStrings__commerce", services.CommerceDatabase)
            .WithEnvironment("Identity__Authority", Issuer)
            .WaitFor(identity1);
        var commerce2 = builder.AddInstance<Projects.CommerceApi>("commerce-2", 5202, services)
            .WithEnvironment("ConnectionStrings__commerce", services.CommerceDatabase)
            .WithEnvironment("Identity__Authority", Issuer)
            .WaitFor(commerce1);

        // The portal's redirect and back-channel logout URIs name http://localhost:5300, the gateway.
        var portal1 = builder.AddInstance<Projects.SsoPortal>("sso-portal-1", 5301, services)
            .WithEnvironment("Oidc__Authority", Issuer)
            .WaitFor(identity1);
        var portal2 = builder.AddInstance<Projects.SsoPortal>("sso-portal-2", 5302, services)
            .WithEnvironment("Oidc__Authority", Issuer)
            .WaitFor(identity1);

        var gateway = builder.AddProject<Projects.Gateway>("gateway", launchProfileName: null)
            .WithHttpEndpoint(port: 5100, name: "identity", isProxied: false)
            .WithHttpEndpoint(port: 5200, name: "commerce", isProxied: false)
            .WithHttpEndpoint(port: 5300, name: "portal", isProxied: false)
            .WithHttpHealthCheck("/health", endpointName: "identity")
            .WithEnvironment("ASPNETCORE_ENVIRONMENT", "Development")
            .WithDestinations("identity", 5101, 5102)
            .WithDestinations("commerce", 5201, 5202)
            .WithDestinations("portal", 5301, 5302);
        foreach (var instance in new IResourceBuilder<ProjectResource>[] { identity1, identity2, commerce1, commerce2, portal1, portal2 })
        {
            gateway.WaitFor(instance);
        }
    }

    /// <summary>One instance on its own loopback port (not proxied: the gateway's destinations name it), on the fleet's databases and Redis.</summary>
    private static IResourceBuilder<ProjectResource> AddInstance<TProject>(
        this IDistributedApplicationBuilder builder, string name, int port, FleetServices services)
        where TProject : IProjectMetadata, new() =>
        builder.AddProject<TProject>(name, launchProfileName: null)
            .WithHttpEndpoint(port: port, isProxied: false)
            .WithHttpHealthCheck("/health")
            .WithEnvironment("ASPNETCORE_ENVIRONMENT", "Development")
            .WithEnvironment("Database__Provider", "Postgres")
            .WithEnvironment("ConnectionStrings__redis", services.Redis);

    /// <summary>The instances of a gateway cluster, as destinations <c>i1</c>, <c>i2</c> … in the order given.</summary>
    private static IResourceBuilder<ProjectResource> WithDestinations(this IResourceBuilder<ProjectResource> gateway, string cluster, params int[] ports)
    {
        for (var i = 0; i < ports.Length; i++)
        {
            var address = $"http://127.0.0.1:{ports[i]}/";
            gateway.WithEnvironment($"ReverseProxy__Clusters__{cluster}__Destinations__i{i + 1}__Address", address);
        }

        return gateway;
    }
}
