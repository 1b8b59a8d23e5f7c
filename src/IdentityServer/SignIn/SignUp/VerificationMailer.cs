using System.Globalization;
using Aict.IdentityServer.Administration.Audit;
using Aict.IdentityServer.Platform.Data;
using Aict.IdentityServer.Platform.Email;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Aict.IdentityServer.SignIn.SignUp;

/// <summary>
/// Works through <see cref="VerificationRequests"/> in the background. A sign-up for a free address creates the
/// account, unverified, and mails it a link; for an address whose account is still unverified, the newest sign-up
/// replaces the pending one (earlier links stop working); for an address with a verified account, nothing changes
/// and its holder hears that someone tried. A new e-mail address gets its link only when no other account has it;
/// otherwise that account's holder hears of the attempt.
/// </summary>
public sealed partial class VerificationMailer(
    VerificationRequests requests,
    IServiceScopeFactory scopes,
    IEmailDelivery email,
    IStringLocalizer<SharedResource> text,
    IOptions<RegistrationOptions> options,
    TimeProvider time,
    ILogger<VerificationMailer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var request in requests.ReadAllAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = request.Culture;
                await (request switch
                {
                    SignUpRequest signUp => SignUpAsync(signUp, scope.ServiceProvider, stoppingToken),
                    ResendRequest resend => ResendAsync(resend, scope.ServiceProvider, stoppingToken),
                    EmailChangeRequest change => ChangeAsync(change, scope.ServiceProvider, stoppingToken),
                    _ => Task.CompletedTask,
                });
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // One failed e-mail (a relay outage) must not stop the links of everyone after it.
                LogFailed(logger, exception);
            }
        }
    }

    private async Task SignUpAsync(SignUpRequest request, IServiceProvider services, CancellationToken cancellationToken)
    {
        var users = services.GetRequiredService<UserManager<ApplicationUser>>();
        var existing = await users.FindByEmailAsync(request.Email);
        if (existing is { EmailConfirmed: true } or { Disabled: true })
        {
            await SendAlreadyRegisteredAsync(existing.Email!, request, cancellationToken);
            return;
        }

        var now = time.GetUtcNow();
        var user = existing ?? new ApplicationUser { UserName = request.Email, Email = request.Email, CreatedAt = now };
        user.GivenName = request.GivenName;
        user.FamilyName = request.FamilyName;
        user.Locale = request.Culture.Name;
        user.PasswordHash = request.PasswordHash;
        user.UpdatedAt = now;
        IdentityResult saved;
        if (existing is null)
        {
            // Added before CreateAsync so that the account and its audit event are one write.
            services.GetRequiredService<ApplicationDbContext>().AuditEvents.Add(new AuditEvent
            {
                Type = AuditEventTypes.SignedUp,
                UserId = user.Id,
                OccurredAt = now,
                IpAddress = request.ClientAddress,
                UserAgent = AuditTrail.Truncate(request.UserAgent),
            });
            saved = await users.CreateAsync(user);
        }
        else
        {
            // The newest sign-up wins: its password and names, and the earlier links stop working.
            user.SecurityStamp = VerificationLinkTokens.NewSecurityStamp();
            user.AccessFailedCount = 0;
            user.LockoutEnd = null;
            saved = await users.UpdateAsync(user);
        }

        if (!saved.Succeeded)
        {
            // Another sign-up for the address won the race; whoever holds it hears of this one.
            LogNotSaved(logger, string.Join(", ", saved.Errors.Select(error => error.Code)));
            if (saved.Errors.Any(error => error.Code == nameof(IdentityErrorDescriber.DuplicateEmail)))
            {
                await SendAlreadyRegisteredAsync(request.Email, request, cancellationToken);
            }

            return;
        }

        await SendVerificationLinkAsync(users, user, request, cancellationToken);
        LogSignedUp(logger, user.Id, existing is not null);
    }

    private async Task ResendAsync(ResendRequest request, IServiceProvider services, CancellationToken cancellationToken)
    {
        var users = services.GetRequiredService<UserManager<ApplicationUser>>();
        if (await users.FindByEmailAsync(request.Email) is not { EmailConfirmed: false, Disabled: false } user)
        {
            LogNothingToResend(logger);
            return;
        }

        await SendVerificationLinkAsync(users, user, request, cancellationToken);
    }

    private async Task ChangeAsync(EmailChangeRequest request, IServiceProvider services, CancellationToken cancellationToken)
    {
        var users = services.GetRequiredService<UserManager<ApplicationUser>>();
        if (await users.FindByIdAsync(request.UserId) is not { } user)
        {
            return;
        }

        if (await users.FindByEmailAsync(request.NewEmail) is { } holder && holder.Id != user.Id)
        {
            await email.SendAsync(new EmailMessage(holder.Email!, text["AddressInUseSubject"],
                text["AddressInUseBody", VerificationLinks.SignIn(request.Site, request.Culture)]), cancellationToken);
            LogAddressInUse(logger, user.Id);
            return;
        }

        var token = await users.GenerateUserTokenAsync(
            user, VerificationLinkTokens.ProviderName, VerificationLinkTokens.ChangePurpose(users.NormalizeEmail(request.NewEmail)));
        var link = VerificationLinks.EmailChange(request.Site, user.Id, request.NewEmail, token, request.Culture);
        await email.SendAsync(new EmailMessage(request.NewEmail, text["EmailChangeSubject"],
            text["EmailChangeBody", link, VerificationLinks.Lifetime(options.Value.VerificationLinkLifetime, text)]), cancellationToken);
        LogChangeLinkSent(logger, user.Id);
    }

    private async Task SendVerificationLinkAsync(
        UserManager<ApplicationUser> users, ApplicationUser user, VerificationRequest request, CancellationToken cancellationToken)
    {
        var token = await users.GenerateUserTokenAsync(user, VerificationLinkTokens.ProviderName, VerificationLinkTokens.SignUpPurpose);
        var link = VerificationLinks.SignUp(request.Site, user.Id, token, request.Culture);
        await email.SendAsync(new EmailMessage(user.Email!, text["VerifyEmailSubject"],
            text["VerifyEmailBody", user.GivenName ?? user.Email!, link, VerificationLinks.Lifetime(options.Value.VerificationLinkLifetime, text)]),
            cancellationToken);
        LogLinkSent(logger, user.Id);
    }

    private async Task SendAlreadyRegisteredAsync(string address, VerificationRequest request, CancellationToken cancellationToken)
    {
        await email.SendAsync(new EmailMessage(address, text["AlreadyRegisteredSubject"],
            text["AlreadyRegisteredBody", VerificationLinks.SignIn(request.Site, request.Culture),
                VerificationLinks.ForgotPassword(request.Site, request.Culture)]), cancellationToken);
        LogAlreadyRegistered(logger);
    }

    [LoggerMessage(EventId = 2351, Level = LogLevel.Information, Message = "Sign-up saved for user {UserId} (replacing an unverified one: {Replaced}); verification link sent")]
    private static partial void LogSignedUp(ILogger logger, string userId, bool replaced);

    [LoggerMessage(EventId = 2352, Level = LogLevel.Information, Message = "Verification link sent to user {UserId}")]
    private static partial void LogLinkSent(ILogger logger, string userId);

    [LoggerMessage(EventId = 2353, Level = LogLevel.Information, Message = "Sign-up for an address with an account: nothing changed, its holder was told")]
    private static partial void LogAlreadyRegistered(ILogger logger);

    [LoggerMessage(EventId = 2354, Level = LogLevel.Information, Message = "New verification link asked for an address with no unverified account; nothing sent")]
    private static partial void LogNothingToResend(ILogger logger);

    [LoggerMessage(EventId = 2355, Level = LogLevel.Warning, Message = "Sign-up not saved: {Errors}")]
    private static partial void LogNotSaved(ILogger logger, string errors);

    [LoggerMessage(EventId = 2356, Level = LogLevel.Information, Message = "E-mail change link sent for user {UserId}")]
    private static partial void LogChangeLinkSent(ILogger logger, string userId);

    [LoggerMessage(EventId = 2357, Level = LogLevel.Information, Message = "E-mail change for user {UserId} names another account's address: nothing sent to it but a notice")]
    private static partial void LogAddressInUse(ILogger logger, string userId);

    [LoggerMessage(EventId = 2358, Level = LogLevel.Error, Message = "Could not handle a sign-up or verification e-mail")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
