using Aict.IdentityServer.Platform.Email;
using Microsoft.Extensions.Options;

namespace Aict.IdentityServer.SignIn.PasswordReset;

/// <summary>Limits reset-link requests per client address and per normalised e-mail (<c>PasswordReset</c> settings).</summary>
public sealed class ResetRequestLimiter(IOptions<PasswordResetOptions> options)
    : MailRequestLimiter(options.Value.RequestsPerClientAddress, options.Value.RequestsPerEmail, options.Value.Window);
