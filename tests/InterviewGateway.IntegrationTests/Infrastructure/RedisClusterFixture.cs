using System.Diagnostics;
using System.Globalization;
using StackExchange.Redis;

namespace InterviewGateway.IntegrationTests.Infrastructure;

/// A real Redis Cluster on loopback (issue 21): `primaries` redis-server processes started with
/// `--cluster-enabled yes` in a temp directory, each with `replicas` replicas, joined by
/// `redis-cli --cluster create`. Ready once every node says `cluster_state:ok` and every replica's link is up.
/// Nodes can be killed and restarted (same port, directory and nodes.conf) to test failover.
public sealed class RedisClusterFixture : IRedisFixture, IAsyncLifetime
{
    private readonly List<Node> _nodes = [];
    private readonly HashSet<int> _ports = [];
    private string _directory = "";
    private string[] _arguments = [];

    /// A cluster of `primaries` primaries with `replicas` replicas each; extra redis-server arguments win over
    /// the defaults (e.g. `--cluster-node-timeout 1000`). Call InitializeAsync to start it.
    public static RedisClusterFixture With(int primaries = 3, int replicas = 0, params string[] arguments) =>
        new() { Primaries = primaries, Replicas = replicas, _arguments = arguments };

    public int Primaries { get; private init; } = 3;

    public int Replicas { get; private init; }

    /// host:port of every node, in creation order (the first `Primaries` were created as primaries).
    public IReadOnlyList<string> Endpoints => [.. _nodes.Select(n => n.Endpoint)];

    /// Names every node, as an operator's connection string would; the client discovers the slot map.
    public string ConnectionString => string.Join(',', Endpoints) + ",abortConnect=false";

    public IConnectionMultiplexer Connection { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var server = RedisServerLocator.FindBinary() ?? throw new InvalidOperationException(
            RedisServerLocator.Missing(OperatingSystem.IsWindows(), OperatingSystem.IsMacOS()));
        var cli = RedisServerLocator.FindCli(server) ?? throw new InvalidOperationException(
            "The Redis Cluster tests need redis-cli beside redis-server (" + server + "); it ships in the same "
            + "package. " + RedisServerLocator.Missing(OperatingSystem.IsWindows(), OperatingSystem.IsMacOS()));
        _directory = Directory.CreateTempSubdirectory("igw-cluster-").FullName;
        for (var i = 0; i < Primaries * (1 + Replicas); i++)
        {
            var node = new Node(server, Path.Combine(_directory, i.ToString(CultureInfo.InvariantCulture)),
                NextPort(), NextPort(), _arguments);
            _nodes.Add(node);
            node.Start();
        }

        foreach (var node in _nodes)
        {
            await node.WaitForPingAsync(TimeSpan.FromSeconds(10));
        }

        await CreateAsync(cli);
        await WaitUntilHealthyAsync(TimeSpan.FromSeconds(30));
        Connection = await ConnectionMultiplexer.ConnectAsync(ConnectionString);
    }

    /// Kills one node (SIGKILL: no shutdown save), as a crash would.
    public async Task KillAsync(int node) => await _nodes[node].KillAsync();

    /// Starts a killed node again on its port with its directory (data and nodes.conf), so it rejoins.
    public async Task RestartAsync(int node)
    {
        _nodes[node].Start();
        await _nodes[node].WaitForPingAsync(TimeSpan.FromSeconds(10));
    }

    /// The index of the node that is primary for a key's slot now, asked of the live nodes.
    public async Task<int> PrimaryOfAsync(RedisKey key)
    {
        var slot = Connection.HashSlot(key);
        foreach (var node in _nodes.Where(n => n.Running))
        {
            await using var connection = await node.ConnectAsync();
            var slots = (RedisResult[])(await connection.GetDatabase().ExecuteAsync("CLUSTER", "SLOTS"))!;
            foreach (var range in slots)
            {
                var r = (RedisResult[])range!;
                if ((int)r[0] <= slot && slot <= (int)r[1])
                {
                    var primary = $"127.0.0.1:{(int)((RedisResult[])r[2]!)[1]}";
                    return _nodes.FindIndex(n => n.Endpoint == primary);
                }
            }
        }

        throw new InvalidOperationException($"No live node serves slot {slot}.");
    }

    /// Waits until every running node says cluster_state:ok and every running replica's link to its primary
    /// is up (after a failover, the survivors' view).
    public async Task WaitUntilHealthyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            last = await UnhealthyAsync();
            if (last.Length == 0)
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"The Redis Cluster is not healthy after {timeout}: {last}. "
            + $"Node logs: {_directory}");
    }

    public async Task DisposeAsync()
    {
        if (Connection is not null)
        {
            await Connection.DisposeAsync();
        }

        foreach (var node in _nodes)
        {
            await node.KillAsync();
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open on Windows; the temp directory is the OS's to clean.
        }
    }

    private int NextPort()
    {
        int port;
        do
        {
            port = RedisServerFixture.FreePort();
        }
        while (!_ports.Add(port));
        return port;
    }

    private async Task CreateAsync(string cli)
    {
        var start = new ProcessStartInfo(cli,
        [
            "--cluster", "create", .. _nodes.Select(n => n.Endpoint),
            "--cluster-replicas", Replicas.ToString(CultureInfo.InvariantCulture), "--cluster-yes",
        ])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("redis-cli did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"redis-cli --cluster create failed ({process.ExitCode}): {await output}{await error}");
        }
    }

    private async Task<string> UnhealthyAsync()
    {
        foreach (var node in _nodes.Where(n => n.Running))
        {
            try
            {
                await using var connection = await node.ConnectAsync();
                var server = connection.GetServer(node.Endpoint);
                var info = (string)(await server.ExecuteAsync("CLUSTER", "INFO"))!;
                if (!info.Contains("cluster_state:ok", StringComparison.Ordinal))
                {
                    return $"{node.Endpoint} is not cluster_state:ok";
                }

                var replication = (string)(await server.ExecuteAsync("INFO", "replication"))!;
                if (replication.Contains("role:slave", StringComparison.Ordinal)
                    && !replication.Contains("master_link_status:up", StringComparison.Ordinal))
                {
                    return $"replica {node.Endpoint}'s link to its primary is down";
                }
            }
            catch (RedisException e)
            {
                return $"{node.Endpoint}: {e.Message}";
            }
        }

        return "";
    }

    private sealed class Node(string binary, string directory, int port, int busPort, string[] arguments)
    {
        private Process? _process;

        public string Endpoint { get; } = $"127.0.0.1:{port}";

        public bool Running => _process is { HasExited: false };

        public void Start()
        {
            Directory.CreateDirectory(directory);
            string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
            _process = Process.Start(new ProcessStartInfo(binary,
            [
                "--port", Text(port), "--bind", "127.0.0.1", "--dir", directory, "--logfile", "redis.log",
                "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-port", Text(busPort),
                "--cluster-node-timeout", "3000", "--appendonly", "yes", "--save", "",
                "--maxmemory-policy", "noeviction", .. arguments,
            ])
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            }) ?? throw new InvalidOperationException("redis-server did not start.");
            _process.OutputDataReceived += (_, _) => { };
            _process.ErrorDataReceived += (_, _) => { };
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        public async Task<ConnectionMultiplexer> ConnectAsync() => await ConnectionMultiplexer.ConnectAsync(
            new ConfigurationOptions
            {
                EndPoints = { Endpoint }, ConnectTimeout = 1000, AbortOnConnectFail = true,
            });

        public async Task WaitForPingAsync(TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (true)
            {
                try
                {
                    await using var connection = await ConnectAsync();
                    await connection.GetServer(Endpoint).PingAsync();
                    return;
                }
                catch (RedisConnectionException) when (DateTime.UtcNow < deadline && Running)
                {
                    await Task.Delay(50);
                }
                catch (RedisServerException e) when (e.Message.StartsWith("LOADING", StringComparison.Ordinal)
                    && DateTime.UtcNow < deadline && Running)
                {
                    await Task.Delay(50); // a restarted node replays its AOF (slow on a loaded machine)
                }
                catch (RedisConnectionException e)
                {
                    var log = Path.Combine(directory, "redis.log");
                    throw new InvalidOperationException($"redis-server on {Endpoint} did not answer: "
                        + (File.Exists(log) ? string.Join('\n', File.ReadLines(log).TakeLast(10)) : "no log"), e);
                }
            }
        }

        public async Task KillAsync()
        {
            if (_process is { HasExited: false })
            {
                _process.Kill();
                await _process.WaitForExitAsync();
            }

            _process?.Dispose();
            _process = null;
        }
    }
}
