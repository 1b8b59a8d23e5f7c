namespace Aict.IdentityServer.SignIn.Mfa.Sms;

/// <summary>
/// Sends the SDK's requests to <c>Sms:Twilio:BaseUrl</c> instead of api.twilio.com, keeping path and query:
/// the SDK builds its URLs from fixed host names and has no base-URL setting of its own.
/// </summary>
internal sealed class TwilioBaseUrlHandler(Uri baseUrl) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { } original)
        {
            request.RequestUri = new UriBuilder(original) { Scheme = baseUrl.Scheme, Host = baseUrl.Host, Port = baseUrl.Port }.Uri;
        }

        return base.SendAsync(request, cancellationToken);
    }
}
