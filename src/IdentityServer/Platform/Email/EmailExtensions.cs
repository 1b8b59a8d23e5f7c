using Aict.IdentityServer.SignIn.Mfa.Sms;

namespace Aict.IdentityServer.Platform.Email;

internal static class EmailExtensions
{
    /// <summary>
    /// Account e-mail: the Development outbox in Development, the SMTP relay of <c>Email:Smtp</c> everywhere
    /// else (start-up fails, naming the key, when it is not configured).
    /// </summary>
    public static IHostApplicationBuilder AddEmailDelivery(this IHostApplicationBuilder builder)
    {
        // Password reset and account notices both send e-mail; whichever comes first sets it up.
        if (builder.Services.Any(service => service.ServiceType == typeof(IEmailDelivery)))
        {
            return builder;
        }

        if (builder.Environment.IsDevelopment())
        {
            builder.Services.AddSingleton<DevelopmentOutbox>();
            builder.Services.AddSingleton<IEmailDelivery>(services => services.GetRequiredService<DevelopmentOutbox>());
            return builder;
        }

        builder.Services.AddOptions<SmtpOptions>().BindConfiguration(SmtpOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IEmailDelivery, SmtpEmailDelivery>();
        return builder;
    }

    /// <summary>The Development outbox page (e-mail and SMS) at <c>/dev/outbox</c>; not mapped at all outside Development.</summary>
    public static WebApplication MapDevelopmentOutbox(this WebApplication app)
    {
        if (app.Environment.IsDevelopment())
        {
            // SMS appear too when SMS codes are set up (their outbox exists in Development only).
            app.MapGet("/dev/outbox", (DevelopmentOutbox outbox, IServiceProvider services) => TypedResults.Content(
                    OutboxPage.Render(outbox.Messages, services.GetService<DevelopmentSmsOutbox>()?.Messages ?? []), "text/html; charset=utf-8"))
                .ExcludeFromDescription();
        }

        return app;
    }
}
