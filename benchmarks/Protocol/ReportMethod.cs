namespace Aict.Benchmarks.Protocol;

/// <summary>How the figures in protocol-load.md were taken, written under its tables.</summary>
internal static class ReportMethod
{
    public const string Text = """
        ## Method

        - The services run as separate processes, Release builds, `ASPNETCORE_ENVIRONMENT=Development` (demo realm seeded),
          fresh databases (SQLite files, or PostgreSQL databases created and dropped by the driver), a redis-server of the run's
          own, `Logging__LogLevel__Default=Warning`. IdentityServer listens on http://localhost:5100 (another free port when that one is busy).
        - Client credentials: `client-credentials.lua`, `partner-erp` with `client_secret_basic`, scope `products:read`.
        - Refresh token: the driver first signs alice in (as below) 40 times per wrk run, with `channel-web` and scope
          `openid offline_access products:read`; `refresh-token.lua` gives each wrk thread its share of those refresh tokens as a
          pool, takes one per request and puts back the rotated one from the answer. One request per connection is in flight, so
          no family is ever used twice at once; a non-200 or an answer without a new refresh token counts as an error.
        - Password sign-in: 32 workers in the driver, each with its own connection, a fresh cookie jar per sign-in and no
          automatic redirects: `/connect/authorize` (PKCE S256) → the sign-in page → the posted form with its anti-forgery token →
          the redirect with the code → `/connect/token` with `client_secret_basic`. Latency is one whole sign-in. The bound is
          Identity's `PasswordHasher` verifying alice's hash on every core for 5 s before the services start.
        - Reads: `commerce-read.lua`, `GET /api/products`. With a token: a `partner-erp` client-credentials token (scope
          `products:read`) fetched before each wrk run. Without: `serve-commerce --anonymous`, the driver hosting CommerceApi's
          real Program on Kestrel with only the policy evaluator replaced (every request is the partner with `products:read`;
          the scope policies still run), compared with `serve-commerce`, the same hosting without that change. CommerceApi as
          built is an extra row.
        - Each scenario: a warm-up run, then the measured run. Peak RSS: `VmHWM` of the process under load, reset through
          `/proc/PID/clear_refs` before the measured run. CPU per request: that process's user + system time over the
          measured run, divided by its requests. Errors: non-2xx answers, socket errors and broken token families.
        - Table growth: rows left in IdentityServer's token tables by the whole run, counted after the last scenario. Pruning
          does not run within these few minutes (every hour by default); the growth run shows it at work
          ([protocol-growth.md](protocol-growth.md)).
        """;
}
