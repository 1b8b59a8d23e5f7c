using Microsoft.AspNetCore.HostFiltering;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>Which Host headers a service answers: outside Development, an explicit list, never <c>*</c>.</summary>
public static class AllowedHostsExtensions
{
    public const string Key = "AllowedHosts";

    /// <summary>
    /// Outside Development start-up needs <c>AllowedHosts</c> naming this service's public hosts (<c>;</c>-separated);
    /// unset or <c>*</c>, any Host header would be answered. Development answers any host.
    /// </summary>
    public static IHostApplicationBuilder RequireAllowedHosts(this IHostApplicationBuilder builder)
    {
        if (builder.Environment.IsDevelopment())
        {
            return builder;
        }

        var hosts = builder.Configuration[Key]?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
        builder.Services.AddOptions<HostFilteringOptions>()
            .Validate(_ => hosts.Length > 0 && !hosts.Contains("*"),
                "AllowedHosts is required outside Development and may not be '*': list the host names this service answers to, "
                + "';'-separated (for example api.example.com).")
            .ValidateOnStart();
        return builder;
    }
}
