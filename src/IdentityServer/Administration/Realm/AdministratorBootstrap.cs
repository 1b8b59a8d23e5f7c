using System.Globalization;
using System.Net.Mail;
using Aict.IdentityServer.Administration.Admin;
using Aict.IdentityServer.Administration.Audit;
using Aict.IdentityServer.Platform.Data;
using Aict.IdentityServer.SignIn.PasswordReset;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore.Identity;

namespace Aict.IdentityServer.Administration.Realm;

/// <summary>The first administrator, or why there is none: <see cref="Link"/> sets the password once.</summary>
public sealed record AdministratorBootstrapResult(string? Refusal, Uri? Link = null, bool ExistingAccount = false);

/// <summary>
/// Makes the first administrator of a deployment: an account with a confirmed e-mail, no password and the
/// <see cref="AdminApi.Role"/> role, and a password-set link made as reset links are (Identity's reset token, its
/// lifetime <c>PasswordReset:LinkLifetime</c>). Refused once an administrator exists, unless forced.
/// </summary>
internal sealed class AdministratorBootstrap(
    ApplicationDbContext db, UserManager<ApplicationUser> users, RoleManager<IdentityRole> roles, AuditTrail audit)
{
    public async Task<AdministratorBootstrapResult> CreateAsync(string email, bool force, Uri issuer, CancellationToken cancellationToken)
    {
        if (!MailAddress.TryCreate(email, out var address) || address.Address != email || address.DisplayName.Length > 0)
        {
            return new($"{email} is not an e-mail address.");
        }

        var administrators = await roles.RoleExistsAsync(AdminApi.Role) ? (await users.GetUsersInRoleAsync(AdminApi.Role)).Count : 0;
        if (administrators > 0 && !force)
        {
            return new($"This database already has {administrators} administrator(s): one of them can add more in the admin console. "
                + "Pass --force to add one here anyway (for a locked-out deployment).");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!await roles.RoleExistsAsync(AdminApi.Role))
        {
            Ensure(await roles.CreateAsync(new IdentityRole(AdminApi.Role)));
        }

        var user = await users.FindByEmailAsync(email);
        var existing = user is not null;
        if (user is null)
        {
            user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true };
            Ensure(await users.CreateAsync(user));
        }
        else if (!user.EmailConfirmed)
        {
            user.EmailConfirmed = true;
            Ensure(await users.UpdateAsync(user));
        }

        if (!await users.IsInRoleAsync(user, AdminApi.Role))
        {
            Ensure(await users.AddToRoleAsync(user, AdminApi.Role));
        }

        await audit.RecordAsync(AuditEventTypes.AdministratorCreated, user.Id, cancellationToken: cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        var token = await users.GeneratePasswordResetTokenAsync(user);
        var language = CultureInfo.GetCultureInfo(user.Locale is { } locale && CultureInfo.GetCultures(CultureTypes.AllCultures).Any(c => c.Name == locale) ? locale : "en");
        return new(Refusal: null, new Uri(ResetLinkMailer.ResetLink(new ResetLinkRequest(email, language, issuer), user.Id, token)), existing);
    }

    private static void Ensure(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new RealmImportException(string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }
}
