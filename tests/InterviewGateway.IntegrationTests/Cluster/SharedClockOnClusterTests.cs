using System.Globalization;
using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.IntegrationTests.Infrastructure;
using StackExchange.Redis;

namespace InterviewGateway.IntegrationTests.Cluster;

/// Issue 17's clock rule on a Redis Cluster: every node reads its own host's clock, so "Redis's clock" is one
/// clock only if every shared-clock read goes to the same node. A keyless `TIME` goes to whichever node the
/// client picks, and two stamps compared later (a subscription's creation against an event's storing) could
/// come from two hosts that disagree.
[Collection(RedisClusterCollection.Name)]
public sealed class SharedClockOnClusterTests(RedisClusterFixture cluster)
{
    [Fact]
    public async Task Every_shared_clock_read_is_answered_by_the_same_node()
    {
        await using var admin = await ConnectionMultiplexer.ConnectAsync(cluster.ConnectionString + ",allowAdmin=true");
        var clock = new RedisSharedClock(cluster.Connection, RedisClusterCollection.NewKeys());
        await clock.GetUtcNowAsync(CancellationToken.None); // loads the script on its node
        var before = await TimeCallsPerNodeAsync(admin);

        const int reads = 30;
        for (var i = 0; i < reads; i++)
        {
            await clock.GetUtcNowAsync(CancellationToken.None);
        }

        var added = (await TimeCallsPerNodeAsync(admin)).Zip(before, (after, was) => after - was).ToList();
        Assert.Equal(reads, added.Sum());
        Assert.Equal(reads, added.Max()); // all on one node, whichever owns the clock key's slot
    }

    private async Task<List<long>> TimeCallsPerNodeAsync(ConnectionMultiplexer admin)
    {
        var calls = new List<long>();
        foreach (var endpoint in cluster.Endpoints)
        {
            var stats = await admin.GetServer(endpoint).InfoAsync("commandstats");
            var time = stats.SelectMany(g => g).FirstOrDefault(p => p.Key == "cmdstat_time").Value ?? "calls=0";
            calls.Add(long.Parse(time.Split(',')[0]["calls=".Length..], CultureInfo.InvariantCulture));
        }

        return calls;
    }
}
