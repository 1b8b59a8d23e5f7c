using Aict.AppHost;

var builder = DistributedApplication.CreateBuilder(args);

var redis = builder.AddEmbeddedGarnet("redis");

// Not proxied: the issuer and the demo clients' redirect URIs name http://localhost:5100 itself.
builder.AddProject<Projects.IdentityServer>("identity-server", launchProfileName: null)
    .WithHttpEndpoint(port: 5100, isProxied: false)
    .WithEnvironment("ASPNETCORE_ENVIRONMENT", "Development")
    .WithReference(redis);

builder.Build().Run();
