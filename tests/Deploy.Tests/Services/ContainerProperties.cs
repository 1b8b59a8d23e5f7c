using System.Diagnostics;
using System.Text.Json;

namespace Aict.Deploy.Tests.Services;

/// <summary>A service project's container image settings as MSBuild evaluates them (<c>dotnet msbuild -getProperty</c>).</summary>
public sealed record ContainerProperties(string Repository, string Tag, string User, IReadOnlyList<int> Ports)
{
    private static readonly Lazy<Task<IReadOnlyDictionary<FleetService, ContainerProperties>>> All = new(async () =>
    {
        var read = await Task.WhenAll(FleetService.All.Select(ReadAsync));
        return FleetService.All.Zip(read).ToDictionary(pair => pair.First, pair => pair.Second);
    });

    public static Task<IReadOnlyDictionary<FleetService, ContainerProperties>> ReadAllAsync() => All.Value;

    private static async Task<ContainerProperties> ReadAsync(FleetService service)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { "msbuild", Path.Combine(service.ProjectFolder, $"{service.Project}.csproj"), "-nologo",
                "-getProperty:ContainerRepository", "-getProperty:ContainerImageTag", "-getProperty:ContainerUser", "-getItem:ContainerPort" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"dotnet msbuild {service.Project}: {output}{await process.StandardError.ReadToEndAsync()}");
        using var json = JsonDocument.Parse(output);
        var properties = json.RootElement.GetProperty("Properties");
        var ports = json.RootElement.GetProperty("Items").GetProperty("ContainerPort").EnumerateArray()
            .Select(port => int.Parse(port.GetProperty("Identity").GetString()!)).ToList();
        return new ContainerProperties(properties.GetProperty("ContainerRepository").GetString()!, properties.GetProperty("ContainerImageTag").GetString()!,
            properties.GetProperty("ContainerUser").GetString()!, ports);
    }
}
