using Aict.IdentityServer.Platform.Email;
using Aict.IdentityServer.Platform.Throttling;
using Microsoft.Extensions.Options;

namespace Aict.IdentityServer.SignIn.PasswordReset;

/// <summary>Limits reset-link requests per client address and per normalised e-mail (<c>PasswordReset</c> settings).</summary>
public sealed class ResetRequestLimiter(RequestWindows windows, IOptions<PasswordResetOptions> options)
    : MailRequestLimiter(windows, "reset-mail", options.Value.RequestsPerClientAddress, options.Value.RequestsPerEmail, options.Value.Window);
