using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Aict.TestSupport;

/// <summary>
/// The in-memory test server has no network peer; a test stands in for one by naming the peer's address in a header,
/// applied first thing as if the connection came from there. Absent, the address stays unknown (null).
/// </summary>
public sealed class TestClientAddress : IStartupFilter
{
    public const string Header = "X-Test-Client-Address";

    /// <summary>Every request of <paramref name="client"/> comes from <paramref name="address"/>.</summary>
    public static T From<T>(T client, string address) where T : HttpClient
    {
        client.DefaultRequestHeaders.Remove(Header);
        client.DefaultRequestHeaders.Add(Header, address);
        return client;
    }

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            if (IPAddress.TryParse(context.Request.Headers[Header].ToString(), out var address))
            {
                context.Connection.RemoteIpAddress = address;
            }

            return nextMiddleware(context);
        });
        next(app);
    };
}
