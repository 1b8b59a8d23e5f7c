using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace Aict.Benchmarks.Protocol;

/// <summary>
/// <c>fleet-drills</c>: the fleet as processes (private PostgreSQL and redis-server, two IdentityServer and two CommerceApi
/// instances, the gateway), steady load through the gateway, then the fault drills one after another: an instance killed
/// and started again, PostgreSQL stopped and started, Redis stopped and started with a revocation made meanwhile, a soak;
/// last the lost-write checks. Writes a markdown report to stdout and benchmarks/results/fleet-drills.md.
/// </summary>
internal static class FleetDrills
{
    /// <summary>The share of the measured capacity the drills and the soak run at.</summary>
    private const double LoadShare = 0.7;

    /// <summary>How long an instance stays dead: long enough to see when the errors stop.</summary>
    private static readonly TimeSpan DeadFor = TimeSpan.FromSeconds(20);

    private static readonly TimeSpan InstanceTarget = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan PostgresTarget = TimeSpan.FromSeconds(10);

    public static async Task RunAsync(FleetDrillSettings settings, CancellationToken cancellationToken)
    {
        // The report's numbers read the same on every machine.
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        var facts = await RunFacts.ReadAsync(settings.RepositoryRoot, cancellationToken);
        RefuseBusyPorts();
        var builds = await FleetBuilds.BuildAsync(settings.RepositoryRoot, cancellationToken);
        var work = Directory.CreateTempSubdirectory("aict-fleet-drills-").FullName;
        var report = new FleetReport(settings, facts);
        var completed = false;
        try
        {
            Console.Error.WriteLine($"Starting the fleet (logs in {work}/logs)...");
            Directory.CreateDirectory(Path.Combine(work, "logs"));
            using var postgres = await PrivatePostgres.StartAsync(work, FleetProcesses.PostgresPort, cancellationToken);
            await postgres.CreateDatabaseAsync(FleetProcesses.IdentityDatabase);
            await postgres.CreateDatabaseAsync(FleetProcesses.CommerceDatabase);
            using var redis = new PrivateRedis(FleetProcesses.RedisPort, work);
            await redis.StartAsync(cancellationToken);
            using var fleet = await FleetProcesses.StartAsync(builds, postgres, redis, settings, Path.Combine(work, "logs"), cancellationToken);
            await using var load = await FleetLoad.StartAsync(cancellationToken);
            var drills = new Drills(settings, report, postgres, redis, fleet, load, cancellationToken);

            await drills.MeasureCapacityAsync();
            await drills.KillInstanceAsync("identity-1", "identity-2");
            await drills.KillInstanceAsync("commerce-1", "commerce-2");
            await drills.PostgresOutageAsync();
            await drills.RedisOutageAsync();
            await drills.SoakAsync();
            await load.StopAsync();
            await drills.CheckLostWritesAsync();
            completed = true;
        }
        finally
        {
            var text = report.ToMarkdown(completed);
            Console.WriteLine(text);
            if (completed)
            {
                await File.WriteAllTextAsync(settings.Output, text, CancellationToken.None);
                Console.Error.WriteLine($"Written to {settings.Output}.");
                Directory.Delete(work, recursive: true);
            }
            else
            {
                Console.Error.WriteLine($"The run did not finish; {settings.Output} is unchanged. Service logs stay in {work}/logs.");
            }
        }
    }

    private static void RefuseBusyPorts()
    {
        int[] ports = [FleetProcesses.GatewayIdentityPort, FleetProcesses.GatewayCommercePort, FleetProcesses.GatewayPortalPort,
            .. FleetProcesses.IdentityPorts, .. FleetProcesses.CommercePorts, FleetProcesses.PostgresPort, FleetProcesses.RedisPort];
        foreach (var port in ports)
        {
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
            }
            catch (SocketException)
            {
                throw new InvalidOperationException($"Port {port} is in use: is another fleet-drills run going on?");
            }
        }
    }

    private sealed class Drills(FleetDrillSettings settings, FleetReport report, PrivatePostgres postgres, PrivateRedis redis,
        FleetProcesses fleet, FleetLoad load, CancellationToken cancellationToken)
    {
        private double _rate;

        private static DateTimeOffset Now => DateTimeOffset.UtcNow;

        public async Task MeasureCapacityAsync()
        {
            Console.Error.WriteLine("Warming up and measuring capacity (unthrottled)...");
            load.SetRate(0);
            await Task.Delay(TimeSpan.FromSeconds(20), cancellationToken);
            var from = Now;
            await Task.Delay(TimeSpan.FromSeconds(15), cancellationToken);
            var outcomes = load.Between(from, Now);
            var capacity = outcomes.Count(outcome => outcome.Success) / 15.0;
            _rate = Math.Max(5, capacity * LoadShare);
            load.SetRate(_rate);
            report.Capacity(capacity, _rate, outcomes);
            await Task.Delay(TimeSpan.FromSeconds(10), cancellationToken);
        }

        public async Task KillInstanceAsync(string victim, string peer)
        {
            Console.Error.WriteLine($"Drill: kill -9 {victim}...");
            var killedAt = Now;
            fleet.Kill(victim);
            await Task.Delay(DeadFor, cancellationToken);
            var restartedAt = Now;
            await fleet.StartAsync(victim, cancellationToken);
            var healthyAt = Now;
            fleet.Running[victim].Meter.Start();
            fleet.Running[peer].Meter.Start();
            var servedBefore = (await RequestsServedAsync(victim), await RequestsServedAsync(peer));
            await Task.Delay(TimeSpan.FromSeconds(10), cancellationToken);
            var cpu = (fleet.Running[victim].Meter.Stop().CpuSeconds, fleet.Running[peer].Meter.Stop().CpuSeconds);
            var served = (await RequestsServedAsync(victim) - servedBefore.Item1, await RequestsServedAsync(peer) - servedBefore.Item2);
            var end = Now;
            report.InstanceDrill(victim, peer, killedAt, restartedAt, healthyAt, end, cpu, served, load.Between(killedAt.AddSeconds(-5), end),
                InstanceTarget);
            await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
        }

        /// <summary>
        /// Requests the instance has answered since it started, read from its own <c>/metrics</c> (ASP.NET Core's request
        /// duration histogram, health and metrics requests left out); null when it cannot be read.
        /// </summary>
        private async Task<double?> RequestsServedAsync(string name)
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            try
            {
                var text = await client.GetStringAsync(new Uri(fleet.Running[name].Address, "/metrics"), cancellationToken);
                return text.Split('\n')
                    .Where(line => line.StartsWith("http_server_request_duration_seconds_count", StringComparison.Ordinal)
                        && !line.Contains("/health", StringComparison.Ordinal) && !line.Contains("/alive", StringComparison.Ordinal)
                        && !line.Contains("/metrics", StringComparison.Ordinal))
                    .Sum(line => double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture));
            }
            catch (Exception error) when (error is HttpRequestException or TaskCanceledException or FormatException or IndexOutOfRangeException)
            {
                return null;
            }
        }

        public async Task PostgresOutageAsync()
        {
            Console.Error.WriteLine("Drill: PostgreSQL stopped and started...");
            var stoppedAt = Now;
            await postgres.StopAsync(cancellationToken);
            await Task.Delay(settings.PostgresOutage, cancellationToken);
            await postgres.StartAgainAsync(cancellationToken);
            var upAt = Now;
            await Task.Delay(TimeSpan.FromSeconds(30), cancellationToken);
            var end = Now;
            report.PostgresDrill(stoppedAt, upAt, end, load.Between(stoppedAt.AddSeconds(-5), end), PostgresTarget);
            await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
        }

        public async Task RedisOutageAsync()
        {
            Console.Error.WriteLine("Drill: Redis stopped and started...");
            using var client = FleetLoad.CreateClient();
            var revoked = await FleetLoad.ClientCredentialsTokenAsync(client, cancellationToken)
                ?? throw new InvalidOperationException("No client-credentials token for the revocation check.");
            var before = await FleetLoad.ReadProductsAsync(client, revoked, cancellationToken);
            var stoppedAt = Now;
            redis.Stop();
            await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
            int revokeStatus;
            try
            {
                revokeStatus = await FleetLoad.RevokeAsync(client, revoked, cancellationToken);
            }
            catch (HttpRequestException)
            {
                revokeStatus = 0;
            }

            var revokedAt = Now;
            var downUntil = stoppedAt + settings.StalenessBound + TimeSpan.FromSeconds(10);
            if (downUntil > Now)
            {
                await Task.Delay(downUntil - Now, cancellationToken);
            }

            await redis.StartAsync(cancellationToken);
            var upAt = Now;

            // The revoked token, read again until both instances (round robin) refuse it in a row.
            var statuses = new List<int>();
            TimeSpan? refusedAfter = null;
            var deadline = upAt.AddSeconds(30);
            while (Now < deadline)
            {
                int status;
                try
                {
                    status = await FleetLoad.ReadProductsAsync(client, revoked, cancellationToken);
                }
                catch (HttpRequestException)
                {
                    status = 0;
                }

                statuses.Add(status);
                if (statuses.Count >= 4 && statuses.TakeLast(4).All(s => s == 401))
                {
                    refusedAfter = Now - upAt;
                    break;
                }

                await Task.Delay(250, cancellationToken);
            }

            var observeUntil = upAt.AddSeconds(30);
            if (observeUntil > Now)
            {
                await Task.Delay(observeUntil - Now, cancellationToken);
            }

            var end = Now;
            report.RedisDrill(stoppedAt, revokedAt, upAt, end, before, revokeStatus, refusedAfter, statuses,
                load.Between(stoppedAt.AddSeconds(-5), end), settings.StalenessBound);
            await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
        }

        public async Task SoakAsync()
        {
            Console.Error.WriteLine($"Drill: soak for {settings.SoakMinutes} minutes...");
            var start = Now;
            var rowsAtStart = await CountTokenRowsAsync();
            var samples = new List<(int Minute, IReadOnlyList<(string Process, double RssMegabytes)> Rss, long TokenRows)>
            {
                (0, SampleRss(), rowsAtStart[0].Rows),
            };
            var minutes = (int)Math.Ceiling(settings.SoakMinutes);
            for (var minute = 1; minute <= minutes; minute++)
            {
                var length = TimeSpan.FromMinutes(Math.Min(1, settings.SoakMinutes - (minute - 1)));
                await Task.Delay(length, cancellationToken);
                samples.Add((minute, SampleRss(), (await CountTokenRowsAsync())[0].Rows));
            }

            var rowsAtEnd = await CountTokenRowsAsync();
            var end = Now;
            report.Soak(start, end, samples, rowsAtStart, rowsAtEnd, load.Between(start, end));
        }

        public async Task CheckLostWritesAsync()
        {
            Console.Error.WriteLine("Checking for lost writes...");
            using var client = FleetLoad.CreateClient();
            var families = new List<FamilyCheck>();
            foreach (var family in load.Families.Where(family => family.EndedBecause is null && family.Tokens.Count >= 2))
            {
                var last = await FleetLoad.RefreshAsync(client, family.Tokens[^1], cancellationToken);
                var again = await FleetLoad.RefreshAsync(client, family.Tokens[^1], cancellationToken);
                var earlier = await FleetLoad.RefreshAsync(client, family.Tokens[^2], cancellationToken);
                families.Add(new FamilyCheck(family.Number, family.Tokens.Count, last.Status, again.Status, earlier.Status));
            }

            report.Families(families, load.Families.Where(family => family.EndedBecause is not null).ToList(), load.SignInFailures);
            report.Orders(load.Orders, await SettledOrdersAsync());
        }

        /// <summary>Every order in the commerce database once none is unfinished (or after two minutes), with its final events.</summary>
        private async Task<IReadOnlyList<OrderCheck>> SettledOrdersAsync()
        {
            var deadline = Now.AddMinutes(2);
            while (true)
            {
                await using var connection = new NpgsqlConnection(postgres.ConnectionString(FleetProcesses.CommerceDatabase));
                await connection.OpenAsync(cancellationToken);
                await using var command = new NpgsqlCommand("""
                    SELECT o."Id", o."Status",
                           COUNT(*) FILTER (WHERE h."Event" IN ('OrderCompleted', 'OrderFailed', 'OrderCancelled')),
                           COUNT(*) FILTER (WHERE h."Event" = 'InventoryReleased'),
                           COUNT(*) FILTER (WHERE h."Event" = 'PaymentVoided'),
                           COUNT(*) FILTER (WHERE h."Event" = 'ShipmentCancelled')
                    FROM "Orders" o LEFT JOIN "OrderHistory" h ON h."OrderId" = o."Id"
                    GROUP BY o."Id", o."Status"
                    """, connection);
                var orders = new List<OrderCheck>();
                await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
                {
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        orders.Add(new OrderCheck(reader.GetGuid(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3),
                            reader.GetInt64(4), reader.GetInt64(5)));
                    }
                }

                if (orders.All(order => order.IsFinal) || Now > deadline)
                {
                    return orders;
                }

                await Task.Delay(2000, cancellationToken);
            }
        }

        private async Task<IReadOnlyList<(string Table, long Rows)>> CountTokenRowsAsync()
        {
            await using var connection = new NpgsqlConnection(postgres.ConnectionString(FleetProcesses.IdentityDatabase));
            await connection.OpenAsync(cancellationToken);
            var rows = new List<(string, long)>();
            foreach (var table in TableGrowth.Tables)
            {
                // Table names are constants, quoted for PostgreSQL.
#pragma warning disable CA2100
                await using var command = new NpgsqlCommand($"SELECT COUNT(*) FROM \"{table}\"", connection);
#pragma warning restore CA2100
                rows.Add((table, Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture)));
            }

            return rows;
        }

        /// <summary>
        /// Resident memory of every fleet process now. PostgreSQL is the postmaster and all its backends, each counted by its
        /// proportional share (PSS): their RSS would count the shared buffers once per backend that has touched them.
        /// </summary>
        private List<(string Process, double RssMegabytes)> SampleRss()
        {
            var samples = fleet.ProcessIds().Select(process => (Process: process.Name, RssMegabytes: Rss(process.ProcessId))).ToList();
            if (redis.ProcessId is { } redisId)
            {
                samples.Add(("redis-server", Rss(redisId)));
            }

            if (postgres.ProcessId is { } postmaster)
            {
                samples.Add(("postgres (all, PSS)", Pss(postmaster) + ChildrenOf(postmaster).Sum(Pss)));
            }

            return samples;
        }

        private static double Rss(int processId) => Kilobytes($"/proc/{processId}/status", "VmRSS:");

        private static double Pss(int processId) => Kilobytes($"/proc/{processId}/smaps_rollup", "Pss:");

        /// <summary>A "Name:   1234 kB" line of a /proc file, in MB; 0 when the process has gone.</summary>
        private static double Kilobytes(string file, string field)
        {
            try
            {
                var line = File.ReadLines(file).FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
                return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
            }
            catch (IOException)
            {
                return 0;
            }
        }

        private static IEnumerable<int> ChildrenOf(int parent)
        {
            foreach (var directory in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(directory), out var pid))
                {
                    continue;
                }

                string stat;
                try
                {
                    stat = File.ReadAllText(Path.Combine(directory, "stat"));
                }
                catch (IOException)
                {
                    continue;
                }

                // The parent id is the second field after the command name's ')'.
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[1], CultureInfo.InvariantCulture) == parent)
                {
                    yield return pid;
                }
            }
        }
    }
}

/// <summary>The lost-write check of one family: its last token redeemed, redeemed again, and the one before it.</summary>
internal sealed record FamilyCheck(int Number, int TokensGiven, int LastStatus, int AgainStatus, int EarlierStatus)
{
    public bool Passed => LastStatus == 200 && AgainStatus == 400 && EarlierStatus == 400;
}

/// <summary>One order as the commerce database holds it, with how often each final or compensating event was written.</summary>
internal sealed record OrderCheck(Guid Id, string Status, long FinalEvents, long InventoryReleased, long PaymentVoided, long ShipmentCancelled)
{
    public bool IsFinal => Status is "Completed" or "Failed" or "Cancelled";

    public bool Passed => IsFinal && FinalEvents == 1 && InventoryReleased <= 1 && PaymentVoided <= 1 && ShipmentCancelled <= 1;
}
