using System.Net;
using System.Net.Sockets;

namespace Aict.Gateway.Tests.Routing;

public sealed class RoutingTests(RoutingFixture fixture) : IClassFixture<RoutingFixture>
{
    [Fact]
    public async Task Requests_alternate_between_the_instances_of_a_service()
    {
        using var client = fixture.Gateway.Client(GatewayHost.Commerce);

        var instances = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            instances.Add((await client.GetEchoAsync()).Instance);
        }

        Assert.Equal(["a", "b"], instances.Distinct().Order());
        Assert.All(instances.Zip(instances.Skip(1)), pair => Assert.NotEqual(pair.First, pair.Second));
    }

    [Fact]
    public async Task The_service_sees_the_client_address_a_trusted_proxy_forwarded_and_its_public_host()
    {
        using var client = fixture.Gateway.Client(GatewayHost.Commerce);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/echo");
        request.Headers.Add("X-Forwarded-For", "203.0.113.9");

        var echo = await (await client.SendAsync(request)).EchoAsync();

        Assert.Equal("203.0.113.9", echo.Header("X-Forwarded-For"));
        Assert.Equal("http", echo.Header("X-Forwarded-Proto"));
        Assert.Equal(GatewayHost.Commerce, echo.Header("X-Forwarded-Host"));
        Assert.Equal(GatewayHost.Commerce, echo.Header("Host"));
    }

    [Fact]
    public async Task A_client_that_is_no_trusted_proxy_cannot_speak_for_another_address_or_scheme()
    {
        using var client = fixture.Gateway.Client(GatewayHost.Commerce, FromAddress(IPAddress.Parse("127.0.0.2")));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/echo");
        request.Headers.Add("X-Forwarded-For", "198.51.100.7");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "evil.example");
        request.Headers.Add("Forwarded", "for=198.51.100.7;proto=https");

        var echo = await (await client.SendAsync(request)).EchoAsync();

        Assert.Equal("127.0.0.2", echo.Header("X-Forwarded-For"));
        Assert.Equal("http", echo.Header("X-Forwarded-Proto"));
        Assert.Equal(GatewayHost.Commerce, echo.Header("X-Forwarded-Host"));
        Assert.Null(echo.Header("Forwarded"));
    }

    [Fact]
    public async Task Without_pinning_the_destination_header_is_ignored_and_never_forwarded()
    {
        using var client = fixture.Gateway.Client(GatewayHost.Commerce);
        client.DefaultRequestHeaders.Add("X-Aict-Destination", "a");

        var echoes = new List<Echo>();
        for (var i = 0; i < 4; i++)
        {
            echoes.Add(await client.GetEchoAsync());
        }

        Assert.Contains(echoes, echo => echo.Instance == "b");
        Assert.All(echoes, echo => Assert.Null(echo.Header("X-Aict-Destination")));
    }

    [Fact]
    public async Task The_gateway_answers_its_own_health_and_metrics_on_a_service_port()
    {
        using var client = fixture.Gateway.Client(GatewayHost.Commerce);
        await client.GetEchoAsync();

        Assert.Equal("Healthy", await client.GetStringAsync(new Uri("/health", UriKind.Relative)));
        Assert.Equal("Healthy", await client.GetStringAsync(new Uri("/alive", UriKind.Relative)));
        var scrape = await Scrape.ReadAsync(client);

        Assert.True(scrape.Has("http_server_request_duration_seconds_count"), "the gateway's own request metrics");
        Assert.True(scrape.Value("http_client_request_duration_seconds_count", "server_address=127.0.0.1") > 0, "the forwarded requests, per destination");
        Assert.Equal(0, fixture.A.Hits("/health") + fixture.B.Hits("/health") + fixture.A.Hits("/metrics") + fixture.B.Hits("/metrics"));
    }

    [Fact]
    public async Task A_response_that_has_begun_is_never_sent_again()
    {
        using var client = fixture.Gateway.Client(GatewayHost.Commerce);

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.GetStringAsync(new Uri(Backend.HalfAnswerPath, UriKind.Relative)));

        Assert.Equal(1, fixture.A.Hits(Backend.HalfAnswerPath) + fixture.B.Hits(Backend.HalfAnswerPath));
    }

    /// <summary>A handler whose connections leave from <paramref name="source"/>, another loopback address than the trusted one.</summary>
    private static SocketsHttpHandler FromAddress(IPAddress source) => new()
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.Bind(new IPEndPoint(source, 0));
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, context.DnsEndPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}
