using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Aict.Gateway.Tests;

/// <summary>
/// A tiny service instance on real Kestrel: <c>/alive</c> for the gateway's probes; anything else answers which instance it
/// is and the headers it saw (<see cref="Echo"/>). <c>/half-answer</c> starts a response and drops the connection.
/// It can be stopped (its port refuses connections, as after a kill) and started again on the same port.
/// </summary>
public sealed class Backend : IAsyncDisposable
{
    public const string HalfAnswerPath = "/half-answer";

    private readonly ConcurrentDictionary<string, int> _hits = new();
    private WebApplication? _app;

    private Backend(string name) => Name = name;

    public string Name { get; }

    public int Port { get; private set; }

    public string Address => $"http://127.0.0.1:{Port}/";

    /// <summary>Requests this instance received whole (their body read to the end) on <paramref name="path"/>, probes not counted.</summary>
    public int Hits(string path) => _hits.GetValueOrDefault(path);

    public static async Task<Backend> StartAsync(string name)
    {
        var backend = new Backend(name);
        await backend.StartAsync();
        return backend;
    }

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, Port));
        var app = builder.Build();
        app.MapGet("/alive", () => "Healthy");
        app.MapGet(HalfAnswerPath, async (HttpContext context) =>
        {
            Count(context);
            await context.Response.WriteAsync(new string('x', 1024));
            await context.Response.Body.FlushAsync();
            // Let the bytes reach the gateway before the connection drops: an abort discards what is still buffered.
            await Task.Delay(200);
            context.Abort();
        });
        app.Map("/{**path}", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            Count(context);
            return Results.Json(new Echo(Name, context.Request.Method,
                context.Request.Headers.ToDictionary(header => header.Key, header => header.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                body.Length));
        });
        await app.StartAsync();
        Port = new Uri(app.Urls.Single()).Port;
        _app = app;
    }

    /// <summary>Stops listening: new connections are refused, as after <c>kill -9</c>.</summary>
    public async Task StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private void Count(HttpContext context) => _hits.AddOrUpdate(context.Request.Path.Value ?? "/", 1, (_, hits) => hits + 1);
}

/// <summary>What a <see cref="Backend"/> saw: which instance answered, the method, the request headers and the body's length.</summary>
public sealed record Echo(string Instance, string Method, Dictionary<string, string> Headers, long BodyLength)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
