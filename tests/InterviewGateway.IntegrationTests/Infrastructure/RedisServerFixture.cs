using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace InterviewGateway.IntegrationTests.Infrastructure;

/// A real redis-server on a free loopback port, the way production runs it (noeviction, no persistence).
public sealed class RedisServerFixture : IAsyncLifetime
{
    private const string Binary = "/usr/bin/redis-server";
    private string[] _arguments = [];
    private Process? _process;

    /// A server with extra arguments, e.g. `--replicaof 127.0.0.1 6379` (later ones win over the defaults);
    /// call InitializeAsync to start it. (xunit wants a fixture's one public constructor parameterless.)
    public static RedisServerFixture With(params string[] arguments) => new() { _arguments = arguments };

    public int Port { get; private set; }

    public string ConnectionString => $"127.0.0.1:{Port},abortConnect=false";

    public IConnectionMultiplexer Connection { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var binary = File.Exists(Binary) ? Binary : FindOnPath("redis-server")
            ?? throw new InvalidOperationException(
                "redis-server is not installed; the integration tests need a real Redis. "
                + "Install it with `apt-get install redis-server`.");
        Port = FreePort();
        _process = Process.Start(new ProcessStartInfo(binary,
            ["--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
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
                Connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{Port},connectTimeout=500");
                await Connection.GetDatabase().PingAsync();
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);
}
