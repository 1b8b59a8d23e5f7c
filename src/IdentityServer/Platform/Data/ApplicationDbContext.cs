using Aict.IdentityServer.Administration.Audit;
using Aict.IdentityServer.Detection.Alerts;
using Aict.IdentityServer.Protocol.Registration;
using Aict.IdentityServer.Protocol.Revocation;
using Aict.IdentityServer.Protocol.Signing;
using Aict.IdentityServer.Sessions;
using Aict.IdentityServer.Sessions.BackchannelLogout;
using Aict.IdentityServer.SignIn.Mfa.Passkeys;
using Aict.IdentityServer.SignIn.Mfa.RecoveryCodes;
using Aict.IdentityServer.SignIn.Mfa.Sms;
using Aict.IdentityServer.SignIn.Mfa.Totp;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Aict.IdentityServer.Platform.Data;

/// <summary>
/// The identity database: users and roles, OpenIddict's applications, authorizations, scopes and
/// tokens, Data Protection keys, token signing keys, SSO sessions, the audit trail, the
/// back-channel logout notices still owed to clients, revocations Redis has yet to take, initial access tokens for client registration, second factors (TOTP, recovery codes, phones, passkeys), and security alerts with the webhook deliveries still owed.
/// </summary>
public abstract class ApplicationDbContext(DbContextOptions options)
    : IdentityDbContext<ApplicationUser>(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<StoredKey> StoredKeys => Set<StoredKey>();

    public DbSet<UserSession> Sessions => Set<UserSession>();

    public DbSet<SessionGrant> SessionGrants => Set<SessionGrant>();

    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();

    public DbSet<BackchannelLogoutDelivery> BackchannelLogoutDeliveries => Set<BackchannelLogoutDelivery>();

    public DbSet<PendingRevocation> PendingRevocations => Set<PendingRevocation>();

    public DbSet<InitialAccessToken> InitialAccessTokens => Set<InitialAccessToken>();

    public DbSet<TotpAuthenticator> TotpAuthenticators => Set<TotpAuthenticator>();

    public DbSet<RecoveryCode> RecoveryCodes => Set<RecoveryCode>();

    public DbSet<PhoneFactor> PhoneFactors => Set<PhoneFactor>();

    public DbSet<Passkey> Passkeys => Set<Passkey>();

    public DbSet<SecurityAlert> SecurityAlerts => Set<SecurityAlert>();

    public DbSet<AlertDelivery> AlertDeliveries => Set<AlertDelivery>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.UseOpenIddict();
        builder.ApplyConfigurationsFromAssembly(typeof(ApplicationDbContext).Assembly);
    }
}

/// <summary>The SQLite flavour; its migrations live in <c>Data/Migrations/Sqlite</c>.</summary>
public sealed class SqliteApplicationDbContext(DbContextOptions<SqliteApplicationDbContext> options)
    : ApplicationDbContext(options);

/// <summary>The PostgreSQL flavour; its migrations live in <c>Data/Migrations/Postgres</c>.</summary>
public sealed class PostgresApplicationDbContext(DbContextOptions<PostgresApplicationDbContext> options)
    : ApplicationDbContext(options);
