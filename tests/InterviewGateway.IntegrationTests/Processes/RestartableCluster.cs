using System.Diagnostics;
using InterviewGateway.IntegrationTests.Infrastructure;

namespace InterviewGateway.IntegrationTests.Processes;

/// A Redis the process tests stop and start again under a running gateway: one server (RestartableRedis)
/// or a whole cluster (RestartableCluster).
public interface IRestartableRedis : IAsyncDisposable
{
    string ConnectionString { get; }

    /// Makes ConnectionString valid without leaving Redis running (a cluster has to be formed first).
    Task PrepareAsync() => Task.CompletedTask;

    Task StartAsync();

    /// A clean shutdown (SIGTERM or SHUTDOWN), as an operator's restart does: AOF keeps what was acknowledged.
    Task StopAsync();
}

/// A 3-primary Redis Cluster (AOF on every node) that is formed once, then stopped and started as a whole
/// on the same ports, directories and nodes.conf, so it comes back as the same cluster with its data.
public sealed class RestartableCluster : IRestartableRedis
{
    private readonly RedisClusterFixture _cluster = RedisClusterFixture.With(3, 0);

    public string ConnectionString => _cluster.ConnectionString;

    public async Task PrepareAsync()
    {
        await _cluster.InitializeAsync();
        await StopAsync();
    }

    public async Task StartAsync()
    {
        for (var i = 0; i < _cluster.Endpoints.Count; i++)
        {
            await _cluster.RestartAsync(i);
        }

        await _cluster.WaitUntilHealthyAsync(TimeSpan.FromSeconds(60));
    }

    public async Task StopAsync()
    {
        var cli = RedisServerLocator.FindCli(RedisServerLocator.FindBinary()!)!;
        for (var i = 0; i < _cluster.Endpoints.Count; i++)
        {
            var (host, port) = (_cluster.Endpoints[i].Split(':')[0], _cluster.Endpoints[i].Split(':')[1]);
            // SHUTDOWN writes the AOF out before the server exits; redis-cli returns once the server is gone.
            using (var shutdown = Process.Start(new ProcessStartInfo(cli, ["-h", host, "-p", port, "SHUTDOWN"])
                   {
                       RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
                   })!)
            {
                await shutdown.WaitForExitAsync();
            }

            await _cluster.KillAsync(i); // forgets the exited process, so RestartAsync starts a new one
        }
    }

    public async ValueTask DisposeAsync() => await _cluster.DisposeAsync();
}
