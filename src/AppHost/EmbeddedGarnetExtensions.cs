using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Aict.AppHost;

internal static class EmbeddedGarnetExtensions
{
    /// <summary>
    /// Adds the connection string <paramref name="name"/> and serves it from an in-process Garnet server,
    /// which listens where that connection string points so that services and server cannot disagree.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddEmbeddedGarnet(
        this IDistributedApplicationBuilder builder, string name)
    {
        var connectionString = builder.Configuration.GetConnectionString(name)
            ?? throw new InvalidOperationException($"ConnectionStrings:{name} is missing from the AppHost configuration.");
        var endPoint = IPEndPoint.Parse(connectionString);

        // Publishing a manifest describes the app; only a local run needs a live server.
        if (builder.ExecutionContext.IsRunMode)
        {
            // First of all hosted services: Aspire's orchestrator, which starts before anything registered after it,
            // waits for IdentityServer to be healthy, and IdentityServer is healthy only once it reads the revocation list here.
            builder.Services.Insert(0, ServiceDescriptor.Singleton<IHostedService>(_ => new EmbeddedGarnet(endPoint)));
        }

        return builder.AddConnectionString(name);
    }
}
