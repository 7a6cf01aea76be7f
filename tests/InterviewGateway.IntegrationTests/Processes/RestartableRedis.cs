using System.Diagnostics;
using InterviewGateway.IntegrationTests.Infrastructure;
using StackExchange.Redis;

namespace InterviewGateway.IntegrationTests.Processes;

/// A redis-server the test stops and starts again on the same port, persisting with AOF to its own
/// directory; `appendFsync` is `always` (a restart keeps everything it acknowledged) or `everysec`, as
/// docker-compose runs it.
public sealed class RestartableRedis(string appendFsync = "always") : IRestartableRedis
{
    private readonly string _dir = Directory.CreateTempSubdirectory("igw-redis-").FullName;
    private Process? _process;

    public int Port { get; } = GatewayProcess.FreePort();

    public string ConnectionString => $"127.0.0.1:{Port}";

    public async Task StartAsync()
    {
        var binary = RedisServerLocator.FindBinary() ?? throw new InvalidOperationException(
            RedisServerLocator.Missing(OperatingSystem.IsWindows(), OperatingSystem.IsMacOS()));
        _process = Process.Start(new ProcessStartInfo(binary,
            ["--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
                "--dir", _dir,
             "--save", "", "--appendonly", "yes", "--appendfsync", appendFsync, "--maxmemory-policy", "noeviction"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                var options = $"{ConnectionString},connectTimeout=500";
                await using var probe = await ConnectionMultiplexer.ConnectAsync(options);
                await probe.GetDatabase().PingAsync();
                return;
            }
            catch (RedisException) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                await Task.Delay(100);
            }
        }
    }

    /// A clean shutdown (SIGTERM), as an operator's restart or a failover does.
    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            using var kill = Process.Start("kill", ["-TERM",
                _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
