namespace Aict.IdentityServer.Platform.Email;

/// <summary>A plain-text e-mail to one recipient.</summary>
public sealed record EmailMessage(string To, string Subject, string Body);

/// <summary>Delivers e-mail: through SMTP outside Development, to the Development outbox inside it.</summary>
public interface IEmailDelivery
{
    Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default);
}
