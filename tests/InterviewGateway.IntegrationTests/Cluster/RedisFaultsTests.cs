using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.IntegrationTests.Infrastructure;
using StackExchange.Redis;

namespace InterviewGateway.IntegrationTests.Cluster;

/// Issue 21: what real servers answer while a primary fails over is recognised as "storage unavailable"
/// (503 with Retry-After, loops retry), not a bug (500). Each reply here comes from a real redis-server.
public sealed class RedisFaultsTests
{
    [Fact]
    public async Task A_write_to_a_primary_demoted_under_the_client_is_a_fault()
    {
        await using var demoted = RedisServerFixture.With();
        await demoted.InitializeAsync();
        await using var promoted = RedisServerFixture.With();
        await promoted.InitializeAsync();
        var db = demoted.Connection.GetDatabase();
        await db.StringSetAsync("k", "before");

        // What a failover does to the old primary when it comes back; the client still takes it for one.
        await using var admin = await ConnectionMultiplexer.ConnectAsync($"{demoted.Endpoint},allowAdmin=true");
        var (host, port) = (promoted.Endpoint.Split(':')[0], promoted.Endpoint.Split(':')[1]);
        await admin.GetDatabase().ExecuteAsync("REPLICAOF", host, port);
        var e = await Assert.ThrowsAsync<RedisServerException>(() => db.StringSetAsync("k", "after"));

        Assert.StartsWith("READONLY", e.Message, StringComparison.Ordinal);
        Assert.True(RedisFaults.Is(e), e.Message);
    }

    [Fact]
    public async Task A_slot_mid_migration_and_a_cluster_that_lost_a_primary_are_faults()
    {
        await using var cluster = RedisClusterFixture.With(3, 0, "--cluster-node-timeout", "1000");
        await cluster.InitializeAsync();
        var db = cluster.Connection.GetDatabase();
        RedisKey[] pair = ["{fault}a", "{fault}b"];
        await db.StringSetAsync(pair[0], "1");
        var source = await cluster.PrimaryOfAsync(pair[0]);
        var target = (source + 1) % 3;
        var slot = cluster.Connection.HashSlot(pair[0]);
        var sourceServer = cluster.Connection.GetServer(cluster.Endpoints[source]);
        var targetServer = cluster.Connection.GetServer(cluster.Endpoints[target]);
        var sourceId = (string)(await sourceServer.ExecuteAsync("CLUSTER", "MYID"))!;
        var targetId = (string)(await targetServer.ExecuteAsync("CLUSTER", "MYID"))!;
        await targetServer.ExecuteAsync("CLUSTER", "SETSLOT", slot, "IMPORTING", sourceId);
        await sourceServer.ExecuteAsync("CLUSTER", "SETSLOT", slot, "MIGRATING", targetId);

        // One key moved and one not: the source cannot answer for both until the migration ends.
        var tryAgain = await Assert.ThrowsAsync<RedisServerException>(() => db.StringGetAsync(pair));
        Assert.StartsWith("TRYAGAIN", tryAgain.Message, StringComparison.Ordinal);
        Assert.True(RedisFaults.Is(tryAgain), tryAgain.Message);

        await sourceServer.ExecuteAsync("CLUSTER", "SETSLOT", slot, "NODE", sourceId);
        await targetServer.ExecuteAsync("CLUSTER", "SETSLOT", slot, "NODE", sourceId);
        var elsewhere = await KeyServedByAsync(cluster, n => n != source);
        await cluster.KillAsync(source);

        // Without a replica to promote, the survivors declare the cluster down after the node timeout.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var down = await Record.ExceptionAsync(() => db.StringGetAsync(elsewhere));
            if (down is RedisServerException { Message: var message } && message.StartsWith("CLUSTERDOWN",
                StringComparison.Ordinal))
            {
                Assert.True(RedisFaults.Is(down), message);
                return;
            }

            Assert.True(down is null || RedisFaults.Is(down), down?.ToString());
            Assert.True(DateTime.UtcNow < deadline, "the cluster never said CLUSTERDOWN");
            await Task.Delay(100);
        }
    }

    [Theory]
    [InlineData("MOVED 3999 127.0.0.1:6381")]
    [InlineData("ASK 3999 127.0.0.1:6381")]
    [InlineData("MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.")]
    [InlineData("LOADING Redis is loading the dataset in memory")]
    [InlineData("EXECABORT Transaction discarded because of previous errors.")]
    public void Redirections_the_client_gave_up_on_and_a_replica_without_its_primary_are_faults(string reply)
    {
        // The client follows MOVED and ASK itself; one it surfaces means the slot map is still changing.
        Assert.True(RedisFaults.Is(new InvalidOperationException("wrapped", new RedisServerException(reply))));
    }

    [Theory]
    [InlineData("CROSSSLOT Keys in request don't hash to the same slot")]
    [InlineData("ERR unknown command 'FOO'")]
    [InlineData("WRONGTYPE Operation against a key holding the wrong kind of value")]
    [InlineData("NOSCRIPT No matching script.")]
    public void A_reply_that_retrying_cannot_fix_is_a_bug(string reply) =>
        Assert.False(RedisFaults.Is(new RedisServerException(reply)));

    private static async Task<RedisKey> KeyServedByAsync(RedisClusterFixture cluster, Func<int, bool> node)
    {
        for (var i = 0; ; i++)
        {
            RedisKey key = $"elsewhere:{i}";
            if (node(await cluster.PrimaryOfAsync(key)))
            {
                return key;
            }
        }
    }
}
