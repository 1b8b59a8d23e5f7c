using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Aict.Benchmarks.Protocol;

/// <summary>What the fleet drills send: client-credentials grants, refresh-token families, product reads, orders.</summary>
internal enum Traffic
{
    ClientCredentials,
    Refresh,
    Read,
    Order,
}

/// <summary>One answer (or its absence): <see cref="Status"/> is the HTTP status, 0 for a connection error, -1 for a timeout.</summary>
internal readonly record struct Outcome(DateTimeOffset At, Traffic Traffic, int Status, bool Success, bool RetryAfter);

/// <summary>One refresh-token family, walked by its own worker: every refresh token it was given, in order.</summary>
internal sealed class Family(int number)
{
    public int Number { get; } = number;

    public List<string> Tokens { get; } = [];

    /// <summary>Why the family ended before the run did: null while it lives.</summary>
    public string? EndedBecause { get; set; }
}

/// <summary>
/// The steady load through the gateway, from in-process workers sharing one pacer (unthrottled while capacity is
/// measured, then a fixed rate). Every answer is kept with its time, so each drill can be read back second by second.
/// </summary>
internal sealed class FleetLoad : IAsyncDisposable
{
    public const int ClientCredentialsWorkers = 3;
    public const int ReadWorkers = 3;
    public const int FamilyWorkers = 6;
    public const int RefreshesPerOrder = 4;
    public const string FamilyScope = "openid offline_access products:read orders:read orders:write";

    private static readonly AuthenticationHeaderValue PartnerBasic = Basic("partner-erp", "partner-erp-dev-secret");
    private static readonly AuthenticationHeaderValue ChannelBasic = Basic(PasswordSignIn.ClientId, PasswordSignIn.ClientSecret);

    private readonly List<Outcome> _outcomes = [];
    private readonly List<Task> _workers = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly HttpClient _client;
    private readonly Pacer _pacer = new();
    private readonly IReadOnlyList<Guid> _products;
    private volatile string? _partnerToken;
    private volatile bool _draining;
    private int _familyCount;

    private FleetLoad(HttpClient client, IReadOnlyList<Guid> products)
    {
        _client = client;
        _products = products;
    }

    public List<Family> Families { get; } = [];

    /// <summary>Ids of the orders the API accepted (202, or 200 for a repeated Idempotency-Key).</summary>
    public HashSet<Guid> Orders { get; } = [];

    public int SignInFailures;

    public static HttpClient CreateClient() => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = 64,
        AllowAutoRedirect = false,
        UseCookies = false,
        UseProxy = false,
        ConnectTimeout = TimeSpan.FromSeconds(5),
    })
    {
        Timeout = TimeSpan.FromSeconds(10),
    };

    public static async Task<FleetLoad> StartAsync(CancellationToken cancellationToken)
    {
        var client = CreateClient();
        var token = await ClientCredentialsTokenAsync(client, cancellationToken)
            ?? throw new InvalidOperationException("The gateway gave no client-credentials token.");
        var products = await CreateProductsAsync(client, cancellationToken);
        var load = new FleetLoad(client, products) { _partnerToken = token };
        for (var i = 0; i < ClientCredentialsWorkers; i++)
        {
            load._workers.Add(Task.Run(() => load.ClientCredentialsAsync(load._stopping.Token), CancellationToken.None));
        }

        for (var i = 0; i < ReadWorkers; i++)
        {
            load._workers.Add(Task.Run(() => load.ReadAsync(load._stopping.Token), CancellationToken.None));
        }

        for (var i = 0; i < FamilyWorkers; i++)
        {
            load._workers.Add(Task.Run(() => load.FamilyAsync(load._stopping.Token), CancellationToken.None));
        }

        return load;
    }

    /// <summary>
    /// The products the orders buy: CommerceApi starts with an empty catalogue, so partner-erp creates a few, active, with
    /// stock enough for every order of a long run (an order that finds none would be compensated, not completed).
    /// </summary>
    private static async Task<List<Guid>> CreateProductsAsync(HttpClient client, CancellationToken cancellationToken)
    {
        var token = await ClientCredentialsTokenAsync(client, cancellationToken, "products:read products:write inventory:write")
            ?? throw new InvalidOperationException("partner-erp got no token to create the drill's products.");
        var products = new List<Guid>();
        for (var i = 1; i <= 5; i++)
        {
            using var create = new HttpRequestMessage(HttpMethod.Post, new Uri(FleetProcesses.CommerceUrl, "/api/products"))
            {
                Content = JsonContent.Create(new { name = $"Fleet drill item {i}", currency = "USD", price = 5m + i, status = "Active" }),
            };
            create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var created = await client.SendAsync(create, cancellationToken);
            var body = await created.Content.ReadAsStringAsync(cancellationToken);
            if (!created.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"Creating a product answered {(int)created.StatusCode}: {body}");
            }

            using var json = JsonDocument.Parse(body);
            var id = json.RootElement.GetProperty("id").GetGuid();
            using var stock = new HttpRequestMessage(HttpMethod.Put, new Uri(FleetProcesses.CommerceUrl, $"/api/products/{id}/inventory"))
            {
                Content = JsonContent.Create(new { warehouses = new[] { new { code = "FLEET", name = "Fleet drills", onHand = 100_000_000 } } }),
            };
            stock.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var stocked = await client.SendAsync(stock, cancellationToken);
            if (!stocked.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"Setting stock answered {(int)stocked.StatusCode}: {await stocked.Content.ReadAsStringAsync(cancellationToken)}");
            }

            products.Add(id);
        }

        return products;
    }

    /// <summary>Requests per second for all workers together; 0 is unthrottled.</summary>
    public void SetRate(double perSecond) => _pacer.SetRate(perSecond);

    public IReadOnlyList<Outcome> Between(DateTimeOffset from, DateTimeOffset to)
    {
        lock (_outcomes)
        {
            return _outcomes.Where(outcome => outcome.At >= from && outcome.At < to).ToList();
        }
    }

    /// <summary>
    /// Stops the workers between requests (so that no family loses the answer to its last refresh), then cancels what
    /// is left; the families and orders stay for the lost-write checks.
    /// </summary>
    public async Task StopAsync()
    {
        _draining = true;
        try
        {
            await Task.WhenAll(_workers).WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            await _stopping.CancelAsync();
        }

        try
        {
            await Task.WhenAll(_workers);
        }
        catch (OperationCanceledException)
        {
            // The workers end by cancellation.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _client.Dispose();
        _stopping.Dispose();
    }

    /// <summary>A fresh client-credentials access token for partner-erp (products:read), or null when none was given.</summary>
    public static async Task<string?> ClientCredentialsTokenAsync(HttpClient client, CancellationToken cancellationToken, string scope = "products:read")
    {
        using var response = await client.SendAsync(ClientCredentialsRequest(scope), cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }

        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return json.RootElement.GetProperty("access_token").GetString();
    }

    /// <summary>One refresh at the gateway: the status, and the new tokens on success.</summary>
    public static async Task<(int Status, string? RefreshToken, string? AccessToken)> RefreshAsync(HttpClient client, string refreshToken,
        CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(FleetProcesses.IdentityUrl, "/connect/token"))
        {
            Headers = { Authorization = ChannelBasic },
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken }),
        };
        using var response = await client.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return ((int)response.StatusCode, null, null);
        }

        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return ((int)response.StatusCode, json.RootElement.GetProperty("refresh_token").GetString(), json.RootElement.GetProperty("access_token").GetString());
    }

    /// <summary>Revokes an access token at IdentityServer as partner-erp (RFC 7009); the status code.</summary>
    public static async Task<int> RevokeAsync(HttpClient client, string accessToken, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(FleetProcesses.IdentityUrl, "/connect/revoke"))
        {
            Headers = { Authorization = PartnerBasic },
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = accessToken, ["token_type_hint"] = "access_token" }),
        };
        using var response = await client.SendAsync(request, cancellationToken);
        return (int)response.StatusCode;
    }

    /// <summary>GET /api/products through the gateway with a bearer token; the status code.</summary>
    public static async Task<int> ReadProductsAsync(HttpClient client, string accessToken, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(FleetProcesses.CommerceUrl, "/api/products?pageSize=5"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await client.SendAsync(request, cancellationToken);
        return (int)response.StatusCode;
    }

    private static HttpRequestMessage ClientCredentialsRequest(string scope = "products:read") =>
        new(HttpMethod.Post, new Uri(FleetProcesses.IdentityUrl, "/connect/token"))
        {
            Headers = { Authorization = PartnerBasic },
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = scope }),
        };

    private async Task ClientCredentialsAsync(CancellationToken cancellationToken)
    {
        while (!_draining)
        {
            await _pacer.WaitAsync(cancellationToken);
            if (_draining)
            {
                break;
            }

            await SendAsync(Traffic.ClientCredentials, ClientCredentialsRequest(), [HttpStatusCode.OK], async response =>
            {
                using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
                _partnerToken = json.RootElement.GetProperty("access_token").GetString();
            }, cancellationToken);
        }
    }

    private async Task ReadAsync(CancellationToken cancellationToken)
    {
        while (!_draining)
        {
            await _pacer.WaitAsync(cancellationToken);
            if (_draining)
            {
                break;
            }

            var request = new HttpRequestMessage(HttpMethod.Get, new Uri(FleetProcesses.CommerceUrl, "/api/products?pageSize=5"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _partnerToken);
            await SendAsync(Traffic.Read, request, [HttpStatusCode.OK], null, cancellationToken);
        }
    }

    /// <summary>
    /// Signs alice in, then refreshes again and again with the latest token, placing an order every few refreshes. After an
    /// answer that was lost (connection error, timeout, 5xx) the same token is sent again: if the server had already rotated
    /// it, that is a replay and the family ends; it is then recorded as cut by an in-flight failure, and a new family begins.
    /// </summary>
    private async Task FamilyAsync(CancellationToken cancellationToken)
    {
        using var signInClient = SignInLoad.CreateClient(FleetProcesses.IdentityUrl);
        while (!_draining)
        {
            Family family;
            try
            {
                var first = await new PasswordSignIn(signInClient).SignInAsync(cancellationToken, FamilyScope);
                family = new Family(Interlocked.Increment(ref _familyCount));
                family.Tokens.Add(first);
                lock (Families)
                {
                    Families.Add(family);
                }
            }
            catch (Exception error) when (error is SignInFailedException or HttpRequestException or TaskCanceledException or JsonException
                && !cancellationToken.IsCancellationRequested)
            {
                Interlocked.Increment(ref SignInFailures);
                await Task.Delay(1000, cancellationToken);
                continue;
            }

            await WalkAsync(family, cancellationToken);
        }
    }

    private async Task WalkAsync(Family family, CancellationToken cancellationToken)
    {
        var lostAnswer = false;
        string? accessToken = null;
        (string Key, int Attempts)? pendingOrder = null;
        var refreshes = 0;
        while (true)
        {
            await _pacer.WaitAsync(cancellationToken);
            // Only after an answer: a family whose last refresh was lost in flight is walked until it has its token.
            if (_draining && !lostAnswer)
            {
                return;
            }

            var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = family.Tokens[^1] });
            var request = new HttpRequestMessage(HttpMethod.Post, new Uri(FleetProcesses.IdentityUrl, "/connect/token"))
            {
                Headers = { Authorization = ChannelBasic },
                Content = content,
            };
            var outcome = await SendAsync(Traffic.Refresh, request, [HttpStatusCode.OK], async response =>
            {
                using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
                family.Tokens.Add(json.RootElement.GetProperty("refresh_token").GetString()!);
                accessToken = json.RootElement.GetProperty("access_token").GetString();
            }, cancellationToken);
            if (outcome.Success)
            {
                lostAnswer = false;
            }
            else if (outcome.Status is 0 or -1 or >= 500)
            {
                lostAnswer = true;
                continue;
            }
            else
            {
                family.EndedBecause = lostAnswer
                    ? $"{outcome.Status} after an answer lost in flight (the rotation had been stored; the resend was a replay)"
                    : $"{outcome.Status} refused without a lost answer before it";
                return;
            }

            if (++refreshes % RefreshesPerOrder == 0 || pendingOrder is not null)
            {
                pendingOrder ??= (Guid.NewGuid().ToString("N"), 0);
                await _pacer.WaitAsync(cancellationToken);
                var placed = await PlaceOrderAsync(accessToken!, pendingOrder.Value.Key, cancellationToken);
                // A lost answer is sent again with the same Idempotency-Key, a few times.
                pendingOrder = placed || pendingOrder.Value.Attempts >= 4 ? null : (pendingOrder.Value.Key, pendingOrder.Value.Attempts + 1);
            }
        }
    }

    private async Task<bool> PlaceOrderAsync(string accessToken, string idempotencyKey, CancellationToken cancellationToken)
    {
        var product = _products[Random.Shared.Next(_products.Count)];
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(FleetProcesses.CommerceUrl, "/api/orders"))
        {
            Content = JsonContent.Create(new { lines = new[] { new { productId = product, quantity = 1 } } }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        var outcome = await SendAsync(Traffic.Order, request, [HttpStatusCode.Accepted, HttpStatusCode.OK], async response =>
        {
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            var id = json.RootElement.GetProperty("id").GetGuid();
            lock (Orders)
            {
                Orders.Add(id);
            }
        }, cancellationToken);
        return outcome.Success || outcome.Status is > 0 and < 500;
    }

    private async Task<Outcome> SendAsync(Traffic traffic, HttpRequestMessage request, HttpStatusCode[] expected,
        Func<HttpResponseMessage, Task>? onSuccess, CancellationToken cancellationToken)
    {
        Outcome outcome;
        try
        {
            using (request)
            using (var response = await _client.SendAsync(request, cancellationToken))
            {
                var success = expected.Contains(response.StatusCode);
                if (success && onSuccess is not null)
                {
                    await onSuccess(response);
                }

                outcome = new Outcome(DateTimeOffset.UtcNow, traffic, (int)response.StatusCode, success, response.Headers.RetryAfter is not null);
            }
        }
        catch (HttpRequestException)
        {
            outcome = new Outcome(DateTimeOffset.UtcNow, traffic, 0, false, false);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            outcome = new Outcome(DateTimeOffset.UtcNow, traffic, -1, false, false);
        }
        catch (IOException)
        {
            outcome = new Outcome(DateTimeOffset.UtcNow, traffic, 0, false, false);
        }

        lock (_outcomes)
        {
            _outcomes.Add(outcome);
        }

        if (!outcome.Success && outcome.Status is 0 or -1)
        {
            // A connection that failed is not retried at once in a tight loop.
            await Task.Delay(100, cancellationToken);
        }

        return outcome;
    }

    private static AuthenticationHeaderValue Basic(string id, string secret) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{id}:{secret}")));

    /// <summary>Spaces the workers' requests evenly at a fixed rate shared by all of them; 0 lets them run freely.</summary>
    private sealed class Pacer
    {
        private readonly Lock _lock = new();
        private long _interval;
        private long _next;

        public void SetRate(double perSecond)
        {
            lock (_lock)
            {
                _interval = perSecond <= 0 ? 0 : (long)(Stopwatch.Frequency / perSecond);
                _next = Stopwatch.GetTimestamp();
            }
        }

        public Task WaitAsync(CancellationToken cancellationToken)
        {
            long wait;
            lock (_lock)
            {
                if (_interval == 0)
                {
                    return Task.CompletedTask;
                }

                var now = Stopwatch.GetTimestamp();
                var slot = Math.Max(now, _next);
                _next = slot + _interval;
                wait = slot - now;
            }

            return wait <= 0 ? Task.CompletedTask : Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency), cancellationToken);
        }
    }
}
