namespace Aict.IdentityServer.Administration.Audit;

/// <summary>A security-relevant event in a user's account: sign-ins, failures, changes, ended sessions.</summary>
public sealed class AuditEvent
{
    public long Id { get; init; }

    /// <summary>Null when the event concerns no known account (a failed sign-in with an unknown e-mail).</summary>
    public string? UserId { get; init; }

    public required string Type { get; init; }

    public DateTimeOffset OccurredAt { get; init; }

    public string? IpAddress { get; init; }

    public string? UserAgent { get; init; }

    public string? SessionId { get; init; }

    public string? ClientId { get; init; }

    /// <summary>Who acted, when not the user (an administrator's id).</summary>
    public string? ActorId { get; init; }

    /// <summary>How it ended, where an event can end more than one way: <see cref="AuditOutcomes"/>.</summary>
    public string? Outcome { get; init; }

    /// <summary>What else a reader needs, as JSON: a risk decision's level and reasons, an alert's type.</summary>
    public string? Detail { get; init; }
}

/// <summary>Values of <see cref="AuditEvent.Outcome"/>.</summary>
public static class AuditOutcomes
{
    public const string Success = "success";
    public const string Failure = "failure";
    public const string Allowed = "allowed";
    public const string StepUp = "step_up";
    public const string Blocked = "blocked";
}

/// <summary>The audit event types, stable strings for the account API.</summary>
public static class AuditEventTypes
{
    public const string SignedIn = "signed_in";
    public const string SignInFailed = "sign_in_failed";
    public const string LockedOut = "locked_out";
    public const string SessionEnded = "session_ended";
    public const string SignedOutEverywhere = "signed_out_everywhere";
    public const string PasswordChanged = "password_changed";
    public const string PasswordReset = "password_reset";
    public const string MfaReset = "mfa_reset";
    public const string AccountLocked = "account_locked";
    public const string AccountUnlocked = "account_unlocked";
    public const string AccountDisabled = "account_disabled";
    public const string AccountEnabled = "account_enabled";
    public const string AccountDeleted = "account_deleted";
    public const string UserCreated = "user_created";
    public const string UserUpdated = "user_updated";
    public const string RoleCreated = "role_created";
    public const string RoleDeleted = "role_deleted";
    public const string RoleGranted = "role_granted";
    public const string RoleRevoked = "role_revoked";
    public const string ClientTokensRevoked = "client_tokens_revoked";
    public const string ClientRegistered = "client_registered";
    public const string ClientRegistrationUpdated = "client_registration_updated";
    public const string ClientRegistrationDeleted = "client_registration_deleted";
    public const string InitialAccessTokenCreated = "initial_access_token_created";
    public const string InitialAccessTokenRevoked = "initial_access_token_revoked";
    public const string ClientCreated = "client_created";
    public const string ClientUpdated = "client_updated";
    public const string ClientSecretRotated = "client_secret_rotated";
    public const string ClientDisabled = "client_disabled";
    public const string ClientEnabled = "client_enabled";
    public const string ClientDeleted = "client_deleted";
    public const string ScopeCreated = "scope_created";
    public const string ScopeUpdated = "scope_updated";
    public const string ScopeDeleted = "scope_deleted";
    public const string ConsentRevoked = "consent_revoked";
    public const string TotpEnrolmentStarted = "totp_enrolment_started";
    public const string TotpEnrolled = "totp_enrolled";
    public const string TotpRemoved = "totp_removed";
    public const string RecoveryCodesGenerated = "recovery_codes_generated";
    public const string RecoveryCodeUsed = "recovery_code_used";
    public const string PhoneEnrolled = "phone_enrolled";
    public const string PhoneRemoved = "phone_removed";
    public const string SecondFactorFailed = "second_factor_failed";
    public const string PasskeyRegistered = "passkey_registered";
    public const string PasskeyRemoved = "passkey_removed";
    public const string PasskeyUsed = "passkey_used";
    public const string RealmImported = "realm_imported";
    public const string AdministratorCreated = "administrator_created";
    public const string SignedUp = "signed_up";
    public const string EmailVerified = "email_verified";
    public const string EmailChangeRequested = "email_change_requested";
    public const string EmailChanged = "email_changed";
    public const string UserProvisioned = "user_provisioned";
    public const string UserDeprovisioned = "user_deprovisioned";
    public const string GroupProvisioned = "group_provisioned";
    public const string GroupUpdated = "group_updated";
    public const string GroupDeprovisioned = "group_deprovisioned";
    public const string SignInRiskAssessed = "sign_in_risk_assessed";
    public const string SecurityAlertRaised = "security_alert_raised";
    public const string SecurityAlertAcknowledged = "security_alert_acknowledged";
}
