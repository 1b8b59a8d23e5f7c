using Aict.AppHost;

var fleet = args.Contains(Fleet.Switch);
var builder = DistributedApplication.CreateBuilder([.. args.Where(arg => arg != Fleet.Switch)]);

if (fleet)
{
    builder.AddFleet();
    builder.Build().Run();
    return;
}

var redis = builder.AddEmbeddedGarnet("redis");

// Not proxied: the issuer and the demo clients' redirect URIs name http://localhost:5100 itself.
var identity = builder.AddProject<Projects.IdentityServer>("identity-server", launchProfileName: null)
    .WithHttpEndpoint(port: 5100, isProxied: false)
    .WithHttpHealthCheck("/health")
    .WithEnvironment("ASPNETCORE_ENVIRONMENT", "Development")
    .WithReference(redis);

builder.AddProject<Projects.CommerceApi>("commerce-api", launchProfileName: null)
    .WithHttpEndpoint(port: 5200, isProxied: false)
    .WithHttpHealthCheck("/health")
    .WithEnvironment("ASPNETCORE_ENVIRONMENT", "Development")
    .WithEnvironment("Identity__Authority", "http://localhost:5100/")
    .WithReference(redis)
    .WaitFor(identity);

// The portal's redirect and back-channel logout URIs, registered at IdentityServer, name http://localhost:5300.
builder.AddProject<Projects.SsoPortal>("sso-portal", launchProfileName: null)
    .WithHttpEndpoint(port: 5300, isProxied: false)
    .WithHttpHealthCheck("/health")
    .WithEnvironment("ASPNETCORE_ENVIRONMENT", "Development")
    .WithEnvironment("Oidc__Authority", "http://localhost:5100/")
    .WithReference(redis)
    .WaitFor(identity);

builder.Build().Run();
