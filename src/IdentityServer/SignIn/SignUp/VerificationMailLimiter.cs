using Aict.IdentityServer.Platform.Email;
using Microsoft.Extensions.Options;

namespace Aict.IdentityServer.SignIn.SignUp;

/// <summary>
/// Limits what makes a verification e-mail (a sign-up, a new link, an e-mail change) per client address and per
/// normalised e-mail address (<c>Registration</c> settings), as the password-reset limits do.
/// </summary>
public sealed class VerificationMailLimiter(IOptions<RegistrationOptions> options)
    : MailRequestLimiter(options.Value.RequestsPerClientAddress, options.Value.RequestsPerEmail, options.Value.Window)
{
    /// <summary>Whole seconds for a <c>Retry-After</c> header, at least one.</summary>
    public static int Seconds(TimeSpan? retryAfter) => Math.Max(1, (int)Math.Ceiling((retryAfter ?? TimeSpan.FromMinutes(1)).TotalSeconds));
}
