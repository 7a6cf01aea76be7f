using InterviewGateway.Infrastructure.Redis;

namespace InterviewGateway.IntegrationTests.Infrastructure;

/// One 3-primary Redis Cluster shared by the tests that run on a cluster (store contracts, the gateway's
/// smoke test), each under its own key prefix.
[CollectionDefinition(Name)]
public sealed class RedisClusterCollection : ICollectionFixture<RedisClusterFixture>
{
    public const string Name = "Redis Cluster";

    internal static RedisKeys NewKeys() => new($"c-{Guid.NewGuid():N}:");
}
