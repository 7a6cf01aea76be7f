using System.Diagnostics;
using System.Globalization;
using StackExchange.Redis;

namespace InterviewGateway.Benchmarks.Delivery;

/// What a delivery run reads from its Redis: one server (BenchRedis) or a cluster (BenchCluster).
internal interface IBenchRedis
{
    string ConnectionString { get; }

    Task<Dictionary<string, long>> CommandsAsync();

    Task<long> KeysAsync();

    Task FlushAsync();

    /// CPU time the redis-server process(es) used so far (user + system, from /proc on Linux).
    TimeSpan Cpu { get; }
}

/// Issue 21, `--modes cluster`: the delivery run again on a 3-primary Redis Cluster (run `--modes
/// redis,cluster` for the single server beside it), then 100 subscriptions fanned out on the cluster, to
/// show how keys and commands spread over its shards (none should carry above 1.5x the mean), then `inbound`
/// pushed InstaView completions end to end on the cluster (run `--modes cluster,inbound-burst` for the single
/// server's row in the same run).
internal static class ClusterBenchmark
{
    private const int Subscriptions = 100;

    public static async Task RunAsync(LoopbackReceiver receiver, int n, int concurrency, double rawRate, int inbound)
    {
        await using var cluster = await BenchCluster.StartAsync(primaries: 3);
        var result = await DeliveryBenchmark.GatewayRunAsync("Redis Cluster (3 primaries), 1 instance", cluster,
            receiver, n, concurrency, useRedis: true, instances: 1);
        DeliveryBenchmark.Print(result, rawRate);
        await SpreadAsync(cluster, receiver, events: Math.Max(1, n / 100));
        InboundBenchmark.PrintHeader();
        await InboundBenchmark.RunAsync(cluster, receiver, inbound, concurrency, useRedis: true,
            offeredPerSecond: null, redisLabel: "Redis Cluster (3 primaries)");
    }

    /// `events` events fanned out to 100 subscriptions on one gateway: keys and commands per primary.
    private static async Task SpreadAsync(BenchCluster cluster, LoopbackReceiver receiver, int events)
    {
        await cluster.FlushAsync();
        await using var gateway = await ChildGateway.StartAsync(cluster.ConnectionString, "bench:");
        for (var i = 0; i < Subscriptions; i++)
        {
            await gateway.SubscribeAsync(receiver.Url, maxConcurrency: 4);
        }

        var run = "s" + Guid.NewGuid().ToString("N")[..6];
        var prefix = $"evt_{run}_";
        await Task.Delay(1000);
        var before = await cluster.CommandsPerPrimaryAsync();
        var started = Stopwatch.GetTimestamp();
        await gateway.StoreAsync(run, events, 0);
        await gateway.FanOutAsync(run);
        var deadline = DateTime.UtcNow.AddMinutes(10);
        int Arrived() => receiver.Count(prefix) + receiver.Duplicates(prefix); // one webhook id per event
        while (Arrived() < events * Subscriptions && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        await Task.Delay(1000); // the last attempts' bookkeeping
        var after = await cluster.CommandsPerPrimaryAsync();
        var keys = await cluster.KeysPerPrimaryAsync();
        var commands = after.Select((a, i) => a - before[i]).ToArray();
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Spread over the cluster: {events:N0} events x {Subscriptions} subscriptions, {Arrived():N0} of "
            + $"{events * Subscriptions:N0} deliveries in {seconds:F1} s ({Arrived() / seconds:N0}/s)"));
        Console.WriteLine("| primary | keys | keys / mean | commands | commands / mean |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        var (keyMean, commandMean) = (keys.Average(), commands.Average());
        for (var i = 0; i < keys.Length; i++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {i + 1} | {keys[i]:N0} | "
                + $"{keys[i] / keyMean:F2} | {commands[i]:N0} | {commands[i] / commandMean:F2} |"));
        }

        var worst = Math.Max(keys.Max() / keyMean, commands.Max() / commandMean);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"busiest shard / mean: {worst:F2} (target <= 1.5: {(worst <= 1.5 ? "PASS" : "FAIL")}); "
            + $"Redis commands per delivery, all shards: {commands.Sum() / (double)(events * Subscriptions):F2}"));
    }
}

/// The benchmark's own Redis Cluster: `primaries` redis-servers with `--cluster-enabled yes` on free loopback
/// ports (no replicas, no persistence, noeviction), joined by `redis-cli --cluster create`.
internal sealed class BenchCluster : IBenchRedis, IAsyncDisposable
{
    private readonly List<Process> _nodes;
    private readonly string _directory;

    private BenchCluster(List<Process> nodes, string directory, string[] endpoints, IConnectionMultiplexer connection)
    {
        (_nodes, _directory, Endpoints, Connection) = (nodes, directory, endpoints, connection);
    }

    public string[] Endpoints { get; }

    public IConnectionMultiplexer Connection { get; }

    public string ConnectionString => string.Join(',', Endpoints) + ",abortConnect=false";

    public TimeSpan Cpu => _nodes.Aggregate(TimeSpan.Zero, (sum, node) =>
    {
        node.Refresh();
        return sum + node.TotalProcessorTime;
    });

    public static async Task<BenchCluster> StartAsync(int primaries)
    {
        var directory = Directory.CreateTempSubdirectory("igw-bench-cluster-").FullName;
        var nodes = new List<Process>();
        var endpoints = new string[primaries];
        for (var i = 0; i < primaries; i++)
        {
            var port = BenchRedis.FreePort().ToString(CultureInfo.InvariantCulture);
            endpoints[i] = $"127.0.0.1:{port}";
            var dir = Directory.CreateDirectory(Path.Combine(directory, port)).FullName;
            nodes.Add(Process.Start(new ProcessStartInfo("redis-server",
                ["--port", port, "--bind", "127.0.0.1", "--dir", dir, "--cluster-enabled", "yes",
                    "--cluster-config-file", "nodes.conf", "--save", "", "--appendonly", "no",
                    "--maxmemory-policy", "noeviction", "--logfile", "redis.log"])
            {
                UseShellExecute = false,
            }) ?? throw new InvalidOperationException("redis-server did not start (is it installed?)"));
        }

        await Task.Delay(500);
        using (var create = Process.Start(new ProcessStartInfo("redis-cli",
            ["--cluster", "create", .. endpoints, "--cluster-yes"])
            {
                RedirectStandardOutput = true,
                UseShellExecute = false,
            })!)
        {
            await create.StandardOutput.ReadToEndAsync();
            await create.WaitForExitAsync();
            if (create.ExitCode != 0)
            {
                throw new InvalidOperationException($"redis-cli --cluster create failed ({create.ExitCode})");
            }
        }

        var connection = await ConnectionMultiplexer.ConnectAsync(string.Join(',', endpoints) + ",allowAdmin=true");
        for (var i = 0; i < 100 && !await HealthyAsync(connection, endpoints); i++)
        {
            await Task.Delay(100);
        }

        return new BenchCluster(nodes, directory, endpoints, connection);
    }

    private static async Task<bool> HealthyAsync(IConnectionMultiplexer connection, string[] endpoints)
    {
        foreach (var endpoint in endpoints)
        {
            var info = (string)(await connection.GetServer(endpoint).ExecuteAsync("CLUSTER", "INFO"))!;
            if (!info.Contains("cluster_state:ok", StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private IEnumerable<IServer> Primaries => Endpoints.Select(e => Connection.GetServer(e));

    /// INFO commandstats summed over the primaries.
    public async Task<Dictionary<string, long>> CommandsAsync()
    {
        var total = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var server in Primaries)
        {
            foreach (var (name, calls) in await BenchRedis.CommandsOfAsync(server))
            {
                total[name] = total.GetValueOrDefault(name) + calls;
            }
        }

        return total;
    }

    public async Task<long[]> CommandsPerPrimaryAsync() =>
        [.. await Task.WhenAll(Primaries.Select(async s => (await BenchRedis.CommandsOfAsync(s)).Values.Sum()))];

    public async Task<long[]> KeysPerPrimaryAsync() =>
        [.. await Task.WhenAll(Primaries.Select(s => s.DatabaseSizeAsync()))];

    public async Task<long> KeysAsync() => (await KeysPerPrimaryAsync()).Sum();

    public Task FlushAsync() => Task.WhenAll(Primaries.Select(s => s.FlushAllDatabasesAsync()));

    public async ValueTask DisposeAsync()
    {
        await Connection.DisposeAsync();
        foreach (var node in _nodes)
        {
            node.Kill();
            await node.WaitForExitAsync();
            node.Dispose();
        }

        Directory.Delete(_directory, recursive: true);
    }
}
