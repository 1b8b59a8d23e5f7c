using Aict.IdentityServer.Protocol.Clients;

namespace Aict.IdentityServer.Protocol.Registration;

/// <summary>Dynamic client registration (RFC 7591) and its management protocol (RFC 7592).</summary>
public static class RegistrationApi
{
    public const string Path = "/connect/register";

    public static IHostApplicationBuilder AddClientRegistration(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ClientRegistrationOptions>().BindConfiguration(ClientRegistrationOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<InitialAccessTokens>();
        builder.Services.AddSingleton<RegistrationPolicy>();
        builder.Services.AddSingleton<RegistrationLog>();
        return builder;
    }

    public static IEndpointRouteBuilder MapClientRegistration(this IEndpointRouteBuilder app)
    {
        var register = app.MapGroup(Path).ExcludeFromDescription();
        register.MapPost("/", RegistrationEndpoint.HandleAsync);
        register.MapGet("/{clientId}", ClientConfigurationEndpoint.ReadAsync);
        register.MapPut("/{clientId}", ClientConfigurationEndpoint.ReplaceAsync);
        register.MapDelete("/{clientId}", ClientConfigurationEndpoint.DeleteAsync);
        return app;
    }
}
