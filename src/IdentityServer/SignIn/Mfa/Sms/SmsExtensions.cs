using Microsoft.Extensions.Options;

namespace Aict.IdentityServer.SignIn.Mfa.Sms;

internal static class SmsExtensions
{
    /// <summary>
    /// SMS one-time codes (the <c>Sms</c> section), the verified phone they go to, and their sender: the Development outbox by default in
    /// Development, Twilio everywhere else. The outbox outside Development, Twilio without its
    /// credentials, or no code hash key outside Development stops start-up with a message that names the key.
    /// </summary>
    public static IHostApplicationBuilder AddSmsCodes(this IHostApplicationBuilder builder)
    {
        var development = builder.Environment.IsDevelopment();
        builder.Services.AddOptions<SmsOptions>().BindConfiguration(SmsOptions.Section)
            .ValidateDataAnnotations()
            .Validate(sms => development || sms.Provider != SmsProvider.Outbox,
                "Sms:Provider Outbox keeps SMS in memory and is for Development only: set Sms:Provider to Twilio and configure Sms:Twilio.")
            .Validate(sms => SmsCodeHash.TryDecodeKey(sms.CodeHashKey) is not null || (development && string.IsNullOrWhiteSpace(sms.CodeHashKey)),
                "Sms:CodeHashKey must be base64 of at least 32 random bytes (a secret shared by every instance, such as the output of "
                + "'openssl rand -base64 32'): it keys the hashes of SMS codes in Redis. Only Development may leave it unset.")
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<SmsOptions>>(new TwilioOptionsValidation(development));

        if (development)
        {
            // Always there in Development so /dev/outbox can list SMS, whichever provider sends them.
            builder.Services.AddSingleton<DevelopmentSmsOutbox>();
        }

        var configured = builder.Configuration.GetSection(SmsOptions.Section).Get<SmsOptions>() ?? new SmsOptions();
        var provider = configured.Provider ?? (development ? SmsProvider.Outbox : SmsProvider.Twilio);
        if (provider == SmsProvider.Outbox && development)
        {
            builder.Services.AddSingleton<ISmsSender>(services => services.GetRequiredService<DevelopmentSmsOutbox>());
        }
        else
        {
            var baseUrl = configured.Twilio.BaseUrl;
            var twilioHttp = builder.Services.AddHttpClient(TwilioSmsSender.HttpClientName);
            if (baseUrl is not null)
            {
                twilioHttp.AddHttpMessageHandler(() => new TwilioBaseUrlHandler(baseUrl));
            }

            builder.Services.AddSingleton<ISmsSender, TwilioSmsSender>();
        }

        builder.Services.AddSingleton(services => SmsCodeHash.From(services.GetRequiredService<IOptions<SmsOptions>>().Value));
        builder.Services.AddSingleton<SmsCodeStore>();
        builder.Services.AddSingleton<SmsSendLimiter>();
        builder.Services.AddSingleton<SmsCodes>();
        builder.Services.AddScoped<PhoneEnrolment>();
        return builder;
    }

    /// <summary>Twilio's settings are required whenever Twilio sends (always outside Development).</summary>
    private sealed class TwilioOptionsValidation(bool development) : IValidateOptions<SmsOptions>
    {
        public ValidateOptionsResult Validate(string? name, SmsOptions options)
        {
            var provider = options.Provider ?? (development ? SmsProvider.Outbox : SmsProvider.Twilio);
            if (provider != SmsProvider.Twilio)
            {
                return ValidateOptionsResult.Success;
            }

            var twilio = options.Twilio;
            List<string> failures = [];
            if (string.IsNullOrWhiteSpace(twilio.AccountSid))
            {
                failures.Add("Sms:Twilio:AccountSid is required when Twilio sends SMS: set the Twilio account SID.");
            }

            if (string.IsNullOrWhiteSpace(twilio.AuthToken))
            {
                failures.Add("Sms:Twilio:AuthToken is required when Twilio sends SMS: set the Twilio auth token (a secret, not in appsettings).");
            }

            if (string.IsNullOrWhiteSpace(twilio.From) && string.IsNullOrWhiteSpace(twilio.MessagingServiceSid))
            {
                failures.Add("Sms:Twilio:From or Sms:Twilio:MessagingServiceSid is required when Twilio sends SMS: the sender number or service.");
            }
            else if (!string.IsNullOrWhiteSpace(twilio.From) && !E164PhoneNumber.IsValid(twilio.From))
            {
                failures.Add("Sms:Twilio:From must be a phone number in E.164, such as +15005550006.");
            }

            // The auth token travels with every request: never in clear text beyond this machine.
            if (twilio.BaseUrl is { } baseUrl && baseUrl.Scheme != Uri.UriSchemeHttps && !(baseUrl.Scheme == Uri.UriSchemeHttp && baseUrl.IsLoopback))
            {
                failures.Add("Sms:Twilio:BaseUrl must be an https URL, or http on this machine (a local fake of Twilio).");
            }

            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }
}
