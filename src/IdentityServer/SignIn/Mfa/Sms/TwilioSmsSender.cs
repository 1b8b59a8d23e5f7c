using Microsoft.Extensions.Options;
using Twilio.Clients;
using Twilio.Exceptions;
using Twilio.Http;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;

namespace Aict.IdentityServer.SignIn.Mfa.Sms;

/// <summary>Sends SMS through Twilio's Messages API with the Twilio SDK, one REST client per message.</summary>
public sealed partial class TwilioSmsSender(
    IHttpClientFactory httpClients, IOptions<SmsOptions> options, ILogger<TwilioSmsSender> logger) : ISmsSender
{
    /// <summary>The named HttpClient the SDK sends through (with the host rewrite when a base URL is configured).</summary>
    public const string HttpClientName = "twilio";

    // Twilio's errors that mean "this number cannot take an SMS": invalid, unreachable, region off, opted out, not mobile.
    private static readonly HashSet<int> NumberErrors = [21211, 21214, 21408, 21610, 21612, 21614];

    public async Task<SmsDelivery> SendAsync(SmsMessage message, CancellationToken cancellationToken = default)
    {
        var twilio = options.Value.Twilio;
        var client = new TwilioRestClient(
            twilio.AccountSid, twilio.AuthToken, httpClient: new SystemNetHttpClient(httpClients.CreateClient(HttpClientName)));
        var request = new CreateMessageOptions(new PhoneNumber(message.To)) { Body = message.Body };
        if (string.IsNullOrEmpty(twilio.MessagingServiceSid))
        {
            request.From = new PhoneNumber(twilio.From);
        }
        else
        {
            request.MessagingServiceSid = twilio.MessagingServiceSid;
        }

        try
        {
            var sent = await MessageResource.CreateAsync(request, client);
            LogSent(logger, sent.Sid);
            return SmsDelivery.Sent;
        }
        catch (ApiException exception) when (exception.Status == 400 && NumberErrors.Contains(exception.Code))
        {
            LogNumberRefused(logger, exception.Code);
            return SmsDelivery.InvalidNumber;
        }
        catch (ApiException exception)
        {
            // Status and Twilio's error code only: the exception carries nothing secret, but keep logs lean.
            LogRefused(logger, exception.Status, exception.Code);
            return SmsDelivery.Failed;
        }
        catch (Exception exception) when (exception is TwilioException or HttpRequestException or TaskCanceledException
                                          && !cancellationToken.IsCancellationRequested)
        {
            LogUnreachable(logger, exception.GetType().Name);
            return SmsDelivery.Failed;
        }
    }

    [LoggerMessage(EventId = 2810, Level = LogLevel.Information, Message = "SMS accepted by Twilio as {MessageSid}")]
    private static partial void LogSent(ILogger logger, string messageSid);

    [LoggerMessage(EventId = 2811, Level = LogLevel.Information, Message = "Twilio refused the recipient number (error {TwilioCode})")]
    private static partial void LogNumberRefused(ILogger logger, int twilioCode);

    [LoggerMessage(EventId = 2812, Level = LogLevel.Error, Message = "Twilio refused an SMS: HTTP {Status}, error {TwilioCode}")]
    private static partial void LogRefused(ILogger logger, int status, int twilioCode);

    [LoggerMessage(EventId = 2813, Level = LogLevel.Error, Message = "Twilio could not be reached to send an SMS ({Failure})")]
    private static partial void LogUnreachable(ILogger logger, string failure);
}
