using StackExchange.Redis;

namespace InterviewGateway.IntegrationTests.Infrastructure;

/// A Redis the tests can use: one server (RedisServerFixture) or a cluster (RedisClusterFixture).
public interface IRedisFixture
{
    /// What the gateway's `ConnectionStrings:Redis` would say.
    string ConnectionString { get; }

    IConnectionMultiplexer Connection { get; }
}
