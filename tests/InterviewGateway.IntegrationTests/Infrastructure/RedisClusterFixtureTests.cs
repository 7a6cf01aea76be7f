using StackExchange.Redis;

namespace InterviewGateway.IntegrationTests.Infrastructure;

/// The cluster fixture really is a cluster: keys spread over three primaries, cross-slot commands are refused,
/// and a killed node comes back on its port with its data.
public sealed class RedisClusterFixtureTests(RedisClusterFixture cluster) : IClassFixture<RedisClusterFixture>
{
    [Fact]
    public async Task Three_primaries_share_the_slots_and_refuse_cross_slot_commands()
    {
        var db = cluster.Connection.GetDatabase();
        Assert.Equal(3, cluster.Endpoints.Count);
        var primaries = new HashSet<int>();
        for (var i = 0; i < 30; i++)
        {
            await db.StringSetAsync($"spread:{i}", i);
            primaries.Add(await cluster.PrimaryOfAsync($"spread:{i}"));
        }

        Assert.Equal(3, primaries.Count);
        var e = await Assert.ThrowsAsync<RedisServerException>(() =>
            db.ExecuteAsync("MSET", "cross:a", "1", "cross:b", "2"));
        Assert.StartsWith("CROSSSLOT", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, (int)await db.ExecuteAsync("EXISTS", "{tag}a", "{tag}b")); // one slot: allowed
    }

    [Fact]
    public async Task A_killed_primary_restarts_with_its_data()
    {
        var db = cluster.Connection.GetDatabase();
        var key = $"restart:{Guid.NewGuid():N}";
        await db.StringSetAsync(key, "kept");
        var node = await cluster.PrimaryOfAsync(key);
        await Task.Delay(1200); // appendfsync everysec

        await cluster.KillAsync(node);
        await Assert.ThrowsAnyAsync<RedisException>(() => db.StringGetAsync(key));
        await cluster.RestartAsync(node);
        await cluster.WaitUntilHealthyAsync(TimeSpan.FromSeconds(30));

        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            try
            {
                Assert.Equal("kept", await db.StringGetAsync(key));
                return;
            }
            catch (RedisConnectionException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }
}

public sealed class RedisClusterWithReplicasTests
{
    [Fact]
    public async Task Each_primary_gets_a_replica_that_is_in_sync()
    {
        await using var cluster = RedisClusterFixture.With(replicas: 1);
        await cluster.InitializeAsync();

        Assert.Equal(6, cluster.Endpoints.Count);
        var server = cluster.Connection.GetServer(cluster.Endpoints[0]);
        var nodes = (string)(await server.ExecuteAsync("CLUSTER", "NODES"))!;
        var lines = nodes.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Count(l => l.Contains("master", StringComparison.Ordinal)));
        Assert.Equal(3, lines.Count(l => l.Contains("slave", StringComparison.Ordinal)));
    }
}
