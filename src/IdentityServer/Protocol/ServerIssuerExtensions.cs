using Microsoft.AspNetCore.HostFiltering;

namespace Aict.IdentityServer.Protocol;

internal static class ServerIssuerExtensions
{
    /// <summary>
    /// <c>Server:Issuer</c>, required and https outside Development (Development: <see cref="ServerOptions.DevelopmentIssuer"/>),
    /// and outside Development only the issuer's host is answered unless <c>AllowedHosts</c> lists the hosts. Returns the
    /// issuer for OpenIddict, or null when start-up is about to fail on it.
    /// </summary>
    public static Uri? AddServerIssuer(this IHostApplicationBuilder builder)
    {
        var development = builder.Environment.IsDevelopment();
        var configured = builder.Configuration.GetSection(ServerOptions.Section).Get<ServerOptions>()?.Issuer
            ?? (development ? ServerOptions.DevelopmentIssuer : null);
        var issuer = configured is null ? null : ServerOptions.WithTrailingSlash(configured);
        builder.Services.AddOptions<ServerOptions>()
            .Configure(options => options.Issuer = issuer)
            .Validate(options => options.Issuer is not null,
                "Server:Issuer is required outside Development: the public URL of this server, e.g. https://id.example.com/. "
                + "Every token and every link this server sends carries it.")
            .Validate(options => options.Issuer is null || ServerOptions.IsUsable(options.Issuer, development),
                "Server:Issuer must be an absolute https URL without query or fragment (http only in Development).")
            .ValidateOnStart();

        if (!development)
        {
            var allowedHosts = builder.Configuration["AllowedHosts"];
            builder.Services.AddOptions<HostFilteringOptions>()
                .Configure(filtering =>
                {
                    if (string.IsNullOrWhiteSpace(allowedHosts) && issuer is { IsAbsoluteUri: true })
                    {
                        filtering.AllowedHosts = [issuer.IdnHost];
                    }
                })
                .Validate(_ => allowedHosts?.Trim() != "*",
                    "AllowedHosts '*' answers any Host header outside Development: remove it (the host of Server:Issuer is "
                    + "answered) or list the hosts this server answers to.")
                .ValidateOnStart();
        }

        return issuer is not null && ServerOptions.IsUsable(issuer, development) ? issuer : null;
    }
}
