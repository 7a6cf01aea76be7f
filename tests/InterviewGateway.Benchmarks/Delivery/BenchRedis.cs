using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace InterviewGateway.Benchmarks.Delivery;

/// The benchmark's own redis-server on a free loopback port (noeviction, no persistence), and the two
/// figures read from it: commands executed (INFO commandstats, scripts' inner commands included) and keys.
internal sealed class BenchRedis : IBenchRedis, IAsyncDisposable
{
    private readonly Process _process;

    private BenchRedis(Process process, int port, IConnectionMultiplexer connection)
    {
        _process = process;
        Port = port;
        Connection = connection;
    }

    public int Port { get; }

    public IConnectionMultiplexer Connection { get; }

    public string ConnectionString => $"127.0.0.1:{Port},abortConnect=false";

    public TimeSpan Cpu
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public static async Task<BenchRedis> StartAsync()
    {
        var port = FreePort();
        var process = Process.Start(new ProcessStartInfo("redis-server",
            ["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no",
             "--maxmemory-policy", "noeviction"])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("redis-server did not start (is it installed?)");
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        for (var i = 0; ; i++)
        {
            try
            {
                var connection = await ConnectionMultiplexer.ConnectAsync(
                    $"127.0.0.1:{port},allowAdmin=true,connectTimeout=500");
                return new BenchRedis(process, port, connection);
            }
            catch (RedisConnectionException) when (i < 100)
            {
                await Task.Delay(50);
            }
        }
    }

    /// Commands executed so far by name, without the benchmark's own INFO/DBSIZE/FLUSHALL.
    public Task<Dictionary<string, long>> CommandsAsync() => CommandsOfAsync(Connection.GetServers()[0]);

    /// One server's INFO commandstats by command (scripts' inner commands included), without the
    /// benchmark's own INFO/DBSIZE/FLUSHALL/CLUSTER.
    public static async Task<Dictionary<string, long>> CommandsOfAsync(IServer server)
    {
        var info = await server.InfoRawAsync("commandstats");
        var calls = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in info!.Split('\n').Where(l => l.StartsWith("cmdstat_", StringComparison.Ordinal)))
        {
            var name = line[8..line.IndexOf(':', StringComparison.Ordinal)];
            if (name is not ("info" or "dbsize" or "config" or "client" or "flushall" or "cluster"))
            {
                calls[name] = long.Parse(line.Split(':')[1].Split(',')[0]["calls=".Length..],
                    CultureInfo.InvariantCulture);
            }
        }

        return calls;
    }

    /// Per-command difference between two readings, largest first, as "xadd 1.00, hset 2.00".
    public static string Breakdown(Dictionary<string, long> before, Dictionary<string, long> after, int n) =>
        string.Join(", ",
        after.Select(a => (a.Key, Calls: a.Value - before.GetValueOrDefault(a.Key))).Where(a =>
            a.Calls > 0).OrderByDescending(a => a.Calls)
            .Select(a => string.Create(CultureInfo.InvariantCulture, $"{a.Key} {a.Calls / (double)n:F2}")));

    public Task<long> KeysAsync() => Connection.GetServers()[0].DatabaseSizeAsync();

    public Task FlushAsync() => Connection.GetServers()[0].FlushAllDatabasesAsync();

    public async ValueTask DisposeAsync()
    {
        await Connection.DisposeAsync();
        _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
