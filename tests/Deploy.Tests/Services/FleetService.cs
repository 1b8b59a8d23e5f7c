using System.Reflection;

namespace Aict.Deploy.Tests.Services;

/// <summary>A service project the deployment runs, and the image repository its project file names.</summary>
public sealed record FleetService(string Project, string Repository)
{
    public static FleetService IdentityServer { get; } = new("IdentityServer", "aict/identity-server");

    public static FleetService CommerceApi { get; } = new("CommerceApi", "aict/commerce-api");

    public static FleetService SsoPortal { get; } = new("SsoPortal", "aict/sso-portal");

    public static FleetService Gateway { get; } = new("Gateway", "aict/gateway");

    public static IReadOnlyList<FleetService> All { get; } = [IdentityServer, CommerceApi, SsoPortal, Gateway];

    public static FleetService ForImage(string repository) =>
        All.SingleOrDefault(service => service.Repository == repository)
        ?? throw new InvalidOperationException($"No service project builds the image {repository}.");

    public string ProjectFolder => Path.Combine(Manifests.RepositoryFiles.Root, "src", Project);

    public Assembly Assembly => Assembly.Load(Project);

    public override string ToString() => Project;
}
