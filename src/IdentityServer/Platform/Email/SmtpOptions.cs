using System.ComponentModel.DataAnnotations;

namespace Aict.IdentityServer.Platform.Email;

/// <summary>The SMTP relay used outside Development (the <c>Email:Smtp</c> section).</summary>
public sealed class SmtpOptions
{
    public const string Section = "Email:Smtp";

    [Required(ErrorMessage = "Email:Smtp:Host is required outside Development: set the SMTP server that sends account e-mail.")]
    public string Host { get; set; } = string.Empty;

    [Range(1, 65535, ErrorMessage = "Email:Smtp:Port must be a TCP port.")]
    public int Port { get; set; } = 587;

    /// <summary>Empty when the relay takes mail without authentication.</summary>
    public string? UserName { get; set; }

    public string? Password { get; set; }

    [Required(ErrorMessage = "Email:Smtp:From is required outside Development: the sender address of account e-mail.")]
    [EmailAddress(ErrorMessage = "Email:Smtp:From must be an e-mail address.")]
    public string From { get; set; } = string.Empty;

    /// <summary>STARTTLS unless configured otherwise; <see cref="SmtpSecurity.None"/> only for a relay on a trusted network.</summary>
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;
}

public enum SmtpSecurity
{
    /// <summary>Plain connection upgraded with STARTTLS; a server that does not offer it is refused.</summary>
    StartTls,

    /// <summary>TLS from the first byte (port 465).</summary>
    SslOnConnect,

    /// <summary>No encryption at all.</summary>
    None,
}
