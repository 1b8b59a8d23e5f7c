using System.Net;
using System.Text;
using Aict.IdentityServer.Platform.Email;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Aict.IdentityServer.FunctionalTests.HostedPages;

/// <summary>Account e-mail outside Development: SMTP through MailKit, STARTTLS by default, configured or no start.</summary>
public sealed class EmailDeliveryTests : IAsyncLifetime
{
    private readonly TestDatabase _database = TestDatabase.Sqlite();

    [Fact]
    public async Task The_SMTP_relay_receives_the_message_from_the_configured_sender_in_UTF_8()
    {
        await using var smtp = new FakeSmtpServer();
        var delivery = Delivery(smtp, SmtpSecurity.None);

        await delivery.SendAsync(new EmailMessage("carol@example.com", "Aict 비밀번호 재설정", "Open this link:\nhttp://localhost/account/reset-password?x=1\n.\nDone."));

        var mail = Assert.Single(smtp.Received);
        Assert.Equal("no-reply@aict.example", mail.From);
        Assert.Equal(["carol@example.com"], mail.To);
        using var message = MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(mail.Data)));
        Assert.Equal("Aict 비밀번호 재설정", message.Subject);
        Assert.Equal("Open this link:\nhttp://localhost/account/reset-password?x=1\n.\nDone.", message.TextBody?.ReplaceLineEndings("\n").TrimEnd('\n'));
        Assert.Contains("QUIT", smtp.Commands);
    }

    [Fact]
    public async Task By_default_a_relay_that_does_not_offer_STARTTLS_is_refused_before_anything_is_sent()
    {
        await using var smtp = new FakeSmtpServer();
        var delivery = Delivery(smtp, new SmtpOptions().Security);

        var failure = await Record.ExceptionAsync(() => delivery.SendAsync(new EmailMessage("carol@example.com", "Subject", "Body")));

        Assert.IsType<NotSupportedException>(failure);
        Assert.Contains("STARTTLS", failure!.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(smtp.Received);
        Assert.DoesNotContain(smtp.Commands, command => command.StartsWith("MAIL", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Outside_Development_without_an_SMTP_host_the_server_does_not_start_and_names_the_key()
    {
        await using var factory = new IdentityServerFactory(_database, environment: "Production");

        var failure = Record.Exception(() => factory.CreateBackChannel());

        Assert.NotNull(failure);
        Assert.Contains("Email:Smtp:Host", failure.ToString());
    }

    [Fact]
    public async Task Outside_Development_the_outbox_page_does_not_exist()
    {
        await using var factory = new IdentityServerFactory(_database, IdentityServerFactory.ProductionSettings, "Production");
        using var http = factory.CreateBackChannel();

        using var response = await http.GetAsync("/dev/outbox");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static SmtpEmailDelivery Delivery(FakeSmtpServer smtp, SmtpSecurity security) => new(
        Options.Create(new SmtpOptions { Host = "127.0.0.1", Port = smtp.Port, From = "no-reply@aict.example", Security = security }),
        NullLogger<SmtpEmailDelivery>.Instance);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _database.DisposeAsync();
}
