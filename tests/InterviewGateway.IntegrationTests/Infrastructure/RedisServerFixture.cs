using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace InterviewGateway.IntegrationTests.Infrastructure;

/// A real redis-server on a free loopback port, the way production runs it (noeviction, no persistence),
/// or the running one INTERVIEWGATEWAY_TEST_REDIS names (RedisServerLocator).
public sealed class RedisServerFixture : IRedisFixture, IAsyncLifetime
{
    private string[] _arguments = [];
    private Process? _process;

    /// A server with extra arguments, e.g. `--replicaof 127.0.0.1 6379` (later ones win over the defaults);
    /// call InitializeAsync to start it. (xunit wants a fixture's one public constructor parameterless.)
    public static RedisServerFixture With(params string[] arguments) => new() { _arguments = arguments };

    /// host:port of the server.
    public string Endpoint { get; private set; } = "";

    public string ConnectionString => $"{Endpoint},abortConnect=false";

    public IConnectionMultiplexer Connection { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (RedisServerLocator.ExistingServer() is { } existing)
        {
            Endpoint = existing;
            Connection = await ConnectionMultiplexer.ConnectAsync($"{existing},connectTimeout=2000");
            await Connection.GetDatabase().PingAsync();
            return;
        }

        var binary = RedisServerLocator.FindBinary() ?? throw new InvalidOperationException(
            RedisServerLocator.Missing(OperatingSystem.IsWindows(), OperatingSystem.IsMacOS()));
        var port = FreePort();
        Endpoint = $"127.0.0.1:{port}";
        _process = Process.Start(new ProcessStartInfo(binary,
            ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no", "--maxmemory-policy", "noeviction", .. _arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("redis-server did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                Connection = await ConnectionMultiplexer.ConnectAsync($"{Endpoint},connectTimeout=500");
                await WaitUntilLoadedAsync(Connection, deadline);
                return;
            }
            catch (RedisConnectionException) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                await Task.Delay(50);
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (Connection is not null)
        {
            await Connection.DisposeAsync();
        }

        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
    }

    /// PING answers while a starting server is still loading its dataset, when every other command answers
    /// LOADING (seen on a loaded machine); wait until an ordinary command is served.
    internal static async Task WaitUntilLoadedAsync(IConnectionMultiplexer connection, DateTime deadline)
    {
        while (true)
        {
            try
            {
                await connection.GetDatabase().KeyExistsAsync("igw-fixture-probe");
                return;
            }
            catch (RedisServerException e) when (e.Message.StartsWith("LOADING", StringComparison.Ordinal)
                && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }
        }
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
