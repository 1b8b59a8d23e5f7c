using Aict.ServiceDefaults.Redis;
using Aict.ServiceDefaults.Revocation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace Aict.ServiceDefaults.Tests;

/// <summary>Every service's Redis connection: TLS against a configured CA and server name, an ACL user, no clear text across the network.</summary>
public sealed class RedisTlsTests : IDisposable
{
    private readonly TlsRedisServer _server = new();

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task In_Production_the_revocation_list_is_written_and_read_over_TLS_as_an_ACL_user()
    {
        var settings = Settings(_server.ConnectionString());
        using var writerHost = Host(settings, builder => builder.AddRevocationWriter());
        using var readerHost = Host(settings, builder => builder.AddRevocationReader());
        await readerHost.StartAsync();
        var copy = readerHost.Services.GetRequiredService<RevocationCopy>();
        Assert.Equal(RevocationState.Current, copy.State);

        await writerHost.Services.GetRequiredService<IRevocationWriter>().RevokeSessionAsync("session-over-tls", DateTimeOffset.UtcNow.AddMinutes(5));

        Assert.True(await Poll.UntilAsync(() => copy.Check(null, null, "session-over-tls", null, null, 0) == RevocationVerdict.Revoked));
        await readerHost.StopAsync();
    }

    [Fact]
    public async Task A_wrong_password_fails_to_connect_with_an_authentication_error()
    {
        var failure = await ConnectFailureAsync(_server.ConnectionString(password: "wrong"), CaAndName());

        Assert.Equal(ConnectionFailureType.AuthenticationFailure, failure.FailureType);
        Assert.Contains("WRONGPASS", failure.Message);
    }

    [Fact]
    public async Task A_server_certificate_from_a_CA_that_is_not_configured_is_refused()
    {
        var failure = await ConnectFailureAsync(_server.ConnectionString(), new RedisTlsOptions { CaCertificatePath = _server.OtherCaPath, ServerName = TlsRedisServer.ServerName });

        Assert.Equal(ConnectionFailureType.AuthenticationFailure, failure.FailureType);
        Assert.Contains("remote certificate was rejected", failure.Message);
    }

    [Fact]
    public async Task Without_a_configured_CA_a_server_certificate_outside_the_system_trust_is_refused()
    {
        var failure = await ConnectFailureAsync(_server.ConnectionString(), new RedisTlsOptions { ServerName = TlsRedisServer.ServerName });

        Assert.Equal(ConnectionFailureType.AuthenticationFailure, failure.FailureType);
        Assert.Contains("remote certificate was rejected", failure.Message);
    }

    [Fact]
    public async Task A_server_name_the_certificate_does_not_carry_is_refused()
    {
        var failure = await ConnectFailureAsync(_server.ConnectionString(), new RedisTlsOptions { CaCertificatePath = _server.CaPath, ServerName = "other.test" });

        Assert.Equal(ConnectionFailureType.AuthenticationFailure, failure.FailureType);
        Assert.Contains("remote certificate was rejected", failure.Message);
    }

    [Fact]
    public async Task A_server_that_requires_client_certificates_takes_the_configured_one_and_refuses_a_client_without()
    {
        using var mutual = new TlsRedisServer(requireClientCertificates: true);
        var withCertificate = new RedisTlsOptions
        {
            CaCertificatePath = mutual.CaPath,
            ServerName = TlsRedisServer.ServerName,
            ClientCertificatePath = mutual.ClientCertificatePath,
            ClientKeyPath = mutual.ClientKeyPath,
        };

        await using (var redis = await ConnectAsync(mutual.ConnectionString(), withCertificate))
        {
            Assert.Equal("PONG", (string?)await redis.GetDatabase().ExecuteAsync("PING"));
        }

        await ConnectFailureAsync(mutual.ConnectionString(), new RedisTlsOptions { CaCertificatePath = mutual.CaPath, ServerName = TlsRedisServer.ServerName });
    }

    [Theory]
    [InlineData("redis.internal:6379")]
    [InlineData("10.0.0.7:6379,password=secret")]
    public void Outside_Development_clear_text_to_another_host_stops_start_up_naming_the_settings(string connectionString)
    {
        var failure = Assert.Throws<InvalidOperationException>(() => RedisConnection.Configure(connectionString, new RedisOptions(), development: false));

        Assert.Contains("ssl=true", failure.Message);
        Assert.Contains("Redis:AllowPlaintext", failure.Message);
        Assert.DoesNotContain("secret", failure.Message);
    }

    [Fact]
    public void A_Production_service_given_clear_text_to_another_host_does_not_start()
    {
        var settings = new Dictionary<string, string?> { ["ConnectionStrings:redis"] = "redis.internal:6379" };

        var failure = Assert.Throws<InvalidOperationException>(() => Host(settings, builder => builder.AddRevocationReader()));

        Assert.Contains("Redis:AllowPlaintext", failure.Message);
    }

    [Fact]
    public void Clear_text_is_allowed_in_Development_to_this_machine_or_when_Redis_AllowPlaintext_says_so()
    {
        Assert.False(RedisConnection.Configure("redis.internal:6379", new RedisOptions(), development: true).Ssl);
        Assert.False(RedisConnection.Configure("127.0.0.1:6379", new RedisOptions(), development: false).Ssl);
        Assert.False(RedisConnection.Configure("localhost:6379", new RedisOptions(), development: false).Ssl);
        Assert.False(RedisConnection.Configure("redis.internal:6379", new RedisOptions { AllowPlaintext = true }, development: false).Ssl);
        Assert.True(RedisConnection.Configure("redis.internal:6379", new RedisOptions { Tls = CaAndName() }, development: false).Ssl);
    }

    [Fact]
    public void An_unreadable_CA_file_stops_start_up_naming_the_setting()
    {
        var failure = Assert.Throws<InvalidOperationException>(() =>
            RedisConnection.Configure("127.0.0.1:6379,ssl=true", new RedisOptions { Tls = new RedisTlsOptions { CaCertificatePath = "/nonexistent/ca.pem" } }, development: false));

        Assert.Contains("Redis:Tls:CaCertificatePath", failure.Message);
    }

    private RedisTlsOptions CaAndName() => new() { CaCertificatePath = _server.CaPath, ServerName = TlsRedisServer.ServerName };

    private Dictionary<string, string?> Settings(string connectionString) => new()
    {
        ["ConnectionStrings:redis"] = connectionString,
        ["Redis:Tls:CaCertificatePath"] = _server.CaPath,
        ["Redis:Tls:ServerName"] = TlsRedisServer.ServerName,
        ["Revocation:KeyPrefix"] = $"tls:{Guid.NewGuid():N}:",
        ["Revocation:MaintenanceInterval"] = "00:00:00.100",
    };

    private static IHost Host(Dictionary<string, string?> settings, Action<IHostApplicationBuilder> configure)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Production });
        builder.Configuration.AddInMemoryCollection(settings);
        configure(builder);
        return builder.Build();
    }

    private static Task<ConnectionMultiplexer> ConnectAsync(string connectionString, RedisTlsOptions tls)
    {
        var options = RedisConnection.Configure(connectionString, new RedisOptions { Tls = tls }, development: false);
        // Fail the connect itself, so that the reason is in the exception rather than retried in the background.
        options.AbortOnConnectFail = true;
        return ConnectionMultiplexer.ConnectAsync(options);
    }

    private static async Task<RedisConnectionException> ConnectFailureAsync(string connectionString, RedisTlsOptions tls) =>
        await Assert.ThrowsAsync<RedisConnectionException>(() => ConnectAsync(connectionString, tls));
}
