using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Aict.TestSupport;

/// <summary>
/// A client's back-channel logout endpoint on a real loopback port (Kestrel): records every request it gets,
/// and answers 500 to the first <c>failFirst</c> of them (<see cref="int.MaxValue"/> to fail forever).
/// </summary>
public sealed class BackchannelLogoutReceiver : IAsyncDisposable
{
    private const string Path = "/backchannel-logout";

    private readonly ConcurrentQueue<ReceivedLogoutRequest> _received = new();
    private readonly WebApplication _app;
    private int _failuresLeft;

    private BackchannelLogoutReceiver(int failFirst)
    {
        _failuresLeft = failFirst;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(BackchannelLogoutReceiver).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.MapPost(Path, ReceiveAsync);
    }

    /// <summary>The URI to register as the client's <c>backchannel_logout_uri</c>.</summary>
    public Uri LogoutUri { get; private set; } = null!;

    public IReadOnlyList<ReceivedLogoutRequest> Received => [.. _received];

    public static async Task<BackchannelLogoutReceiver> StartAsync(int failFirst = 0)
    {
        var receiver = new BackchannelLogoutReceiver(failFirst);
        await receiver._app.StartAsync();
        receiver.LogoutUri = new Uri(new Uri(receiver._app.Urls.Single()), Path);
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> ReceiveAsync(HttpRequest request)
    {
        var form = request.HasFormContentType ? await request.ReadFormAsync() : null;
        _received.Enqueue(new ReceivedLogoutRequest(request.ContentType, form?["logout_token"].ToString(), form?.Keys.ToArray() ?? []));
        if (Interlocked.Decrement(ref _failuresLeft) >= 0)
        {
            return Results.StatusCode(StatusCodes.Status500InternalServerError);
        }

        // §2.8: a successful logout answers 200, and the response must not be cached.
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        return Results.Ok();
    }
}

/// <summary>One POST the receiver got: its content type, the <c>logout_token</c> form field, and every field name sent.</summary>
public sealed record ReceivedLogoutRequest(string? ContentType, string? LogoutToken, string[] FormFields);
