using System.Text.Json;

namespace Aict.SsoPortal.Account;

/// <summary>A passkey of the user (<c>GET /api/account/passkeys</c>); synced ones live in a password manager or a phone's account.</summary>
public sealed record PasskeyInfo(Guid Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, bool Synced);

/// <summary>A started registration: the id to send back and the creation options for <c>navigator.credentials.create</c>.</summary>
public sealed record PasskeyCeremony(string CeremonyId, JsonElement Options);
