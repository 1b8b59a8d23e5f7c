using Aict.IdentityServer.Platform.Email;
using Aict.IdentityServer.Platform.Throttling;
using Microsoft.Extensions.Options;

namespace Aict.IdentityServer.SignIn.SignUp;

/// <summary>
/// Limits what makes a verification e-mail (a sign-up, a new link, an e-mail change) per client address and per
/// normalised e-mail address (<c>Registration</c> settings), as the password-reset limits do.
/// </summary>
public sealed class VerificationMailLimiter(RequestWindows windows, IOptions<RegistrationOptions> options)
    : MailRequestLimiter(windows, "verification-mail", options.Value.RequestsPerClientAddress, options.Value.RequestsPerEmail, options.Value.Window);
