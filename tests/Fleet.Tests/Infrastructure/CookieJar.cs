using System.Net;

namespace Aict.Fleet.Tests.Infrastructure;

/// <summary>A browser's cookies, kept by public address: above <see cref="InstancePinning"/>, so a pinned request sends the gateway's cookies.</summary>
public sealed class CookieJar : DelegatingHandler
{
    private readonly CookieContainer _cookies = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri!;
        var header = _cookies.GetCookieHeader(uri);
        if (header.Length > 0)
        {
            request.Headers.Add("Cookie", header);
        }

        var response = await base.SendAsync(request, cancellationToken);
        foreach (var cookie in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
        {
            _cookies.SetCookies(uri, cookie);
        }

        return response;
    }
}
