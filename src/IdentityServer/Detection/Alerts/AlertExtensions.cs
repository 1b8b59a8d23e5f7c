using Aict.IdentityServer.Platform.Email;
using Aict.IdentityServer.Platform.Outbox;
using Microsoft.Extensions.Options;

namespace Aict.IdentityServer.Detection.Alerts;

internal static class AlertExtensions
{
    /// <summary>The alert sinks: signed webhooks from a durable outbox, and e-mail to the administrators (the <c>Alerts</c> section).</summary>
    public static IHostApplicationBuilder AddAlertSinks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AlertOptions>().BindConfiguration(AlertOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AlertOptions>>(new AlertOptionsValidation(builder.Environment.IsDevelopment()));

        builder.Services.AddScoped<IAlertSink, WebhookSink>();
        builder.Services.AddScoped<WebhookRound>();
        builder.Services.AddKeyedSingleton<DispatcherWakeUp>(WebhookSink.WakeUpKey);
        builder.Services.AddHostedService<WebhookDispatcher>();
        // The receivers are the operator's own: told, not followed (no redirects, no cookies), with a short timeout.
        builder.Services.AddHttpClient(WebhookRound.HttpClientName, (services, client) =>
                client.Timeout = services.GetRequiredService<IOptions<AlertOptions>>().Value.RequestTimeout)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });

        builder.AddEmailDelivery();
        builder.Services.AddScoped<IAlertSink, EmailAlertSink>();
        builder.Services.AddSingleton<AlertMailQueue>();
        builder.Services.AddHostedService<AlertMailer>();
        return builder;
    }
}
