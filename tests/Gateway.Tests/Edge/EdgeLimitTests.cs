using System.Net;

namespace Aict.Gateway.Tests.Edge;

/// <summary>
/// A gateway with a 1 KiB body limit and a rate of one request a second after a burst of three. Each test speaks for its own
/// client address through loopback, the trusted proxy of Development, so their buckets stay apart.
/// </summary>
public sealed class EdgeLimitTests : IAsyncLifetime
{
    private Backend _backend = null!;
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync()
    {
        _backend = await Backend.StartAsync("c1");
        _gateway = new GatewayHost(new Dictionary<string, string?>(GatewayHost.Destinations("commerce", _backend))
        {
            ["Gateway:MaxRequestBodyBytes"] = "1024",
            ["Gateway:RateLimit:PermitsPerSecond"] = "1",
            ["Gateway:RateLimit:Burst"] = "3",
        }).Start();
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _backend.DisposeAsync();
    }

    [Fact]
    public async Task A_body_over_the_limit_is_refused_with_413_and_a_body_within_it_passes()
    {
        using var client = ClientFor("198.51.100.10");

        // A declared length is refused before the body is sent (the client waits for 100-continue, as curl does for uploads).
        using var declaredRequest = new HttpRequestMessage(HttpMethod.Post, "/upload") { Content = new ByteArrayContent(new byte[2048]) };
        declaredRequest.Headers.ExpectContinue = true;
        using var declared = await client.SendAsync(declaredRequest);
        await declared.ProblemAsync(HttpStatusCode.RequestEntityTooLarge);

        // Without a length the gateway cuts the stream at the limit. A client still sending may see the connection close
        // before it reads the 413, as with any server that stops reading an upload; the service never gets the body.
        try
        {
            using var chunked = await client.PostAsync(new Uri("/upload", UriKind.Relative), new StreamContent(new UnknownLengthStream(4096)));
            await chunked.ProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        }
        catch (HttpRequestException)
        {
        }

        Assert.Equal(0, _backend.Hits("/upload"));

        using var small = await client.PostAsync(new Uri("/upload", UriKind.Relative), new ByteArrayContent(new byte[1024]));
        Assert.Equal(1024, (await small.EchoAsync()).BodyLength);
    }

    [Fact]
    public async Task An_address_over_its_rate_gets_429_with_Retry_After_while_other_addresses_and_health_pass()
    {
        using var limited = ClientFor("198.51.100.20");
        for (var i = 0; i < 3; i++)
        {
            await limited.GetEchoAsync();
        }

        using var refused = await limited.GetAsync(new Uri("/echo", UriKind.Relative));
        await refused.ProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), "Retry-After in seconds");

        using var other = ClientFor("198.51.100.21");
        await other.GetEchoAsync();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await limited.GetAsync(new Uri("/alive", UriKind.Relative))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await limited.GetAsync(new Uri("/metrics", UriKind.Relative))).StatusCode);
        }
    }

    [Theory]
    [InlineData("Gateway:MaxRequestBodyBytes", "0")]
    [InlineData("Gateway:RateLimit:PermitsPerSecond", "-1")]
    [InlineData("Gateway:RateLimit:Burst", "0")]
    public async Task A_limit_that_makes_no_sense_stops_start_up_naming_its_key(string key, string value)
    {
        var refusal = await GatewayHost.StartFailureAsync(new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            [key] = value,
        }, "Development");

        Assert.Contains(key, refusal, StringComparison.Ordinal);
    }

    private HttpClient ClientFor(string address)
    {
        var client = _gateway.Client(GatewayHost.Commerce);
        client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return client;
    }

    /// <summary>A body whose length the client cannot tell in advance, so it is sent chunked.</summary>
    private sealed class UnknownLengthStream(int length) : Stream
    {
        private int _left = length;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = Math.Min(Math.Min(count, _left), 256);
            Array.Clear(buffer, offset, read);
            _left -= read;
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
