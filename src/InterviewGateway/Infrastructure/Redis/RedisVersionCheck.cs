using StackExchange.Redis;

namespace InterviewGateway.Infrastructure.Redis;

/// Refuses to start on a Redis older than 7.0 (`EXPIRE … GT`, XAUTOCLAIM's reply shape, `cluster-port`):
/// every primary reachable at start is checked (the client reads INFO server as it connects). One
/// unreachable at start is not: the gateway starts while Redis is down and reconnects by itself.
internal sealed class RedisVersionCheck(IConnectionMultiplexer redis) : IHostedService
{
    public static readonly Version Minimum = new(7, 0);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Check(redis.GetServers().Where(s => s.IsConnected && !s.IsReplica)
            .Select(s => (s.EndPoint.ToString() ?? "?", s.Version)));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public static void Check(IEnumerable<(string EndPoint, Version Version)> primaries)
    {
        var old = primaries.Where(p => p.Version < Minimum).ToList();
        if (old.Count > 0)
        {
            throw new InvalidOperationException(
                $"The gateway needs Redis {Minimum} or later (docs/redis.md, 'Minimum version'); "
                + string.Join(", ", old.Select(p => $"{p.EndPoint} runs {p.Version}")) + ".");
        }
    }
}
