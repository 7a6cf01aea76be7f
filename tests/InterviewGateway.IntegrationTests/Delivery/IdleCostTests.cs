using System.Globalization;
using InterviewGateway.IntegrationTests.Infrastructure;
using InterviewGateway.Infrastructure.Redis;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace InterviewGateway.IntegrationTests.Delivery;

/// Issue 20: an idle instance costs (almost) nothing. With many subscriptions and no traffic the delivery
/// dispatcher neither reads nor maintains their queues (only active ones), and does not reload every
/// subscription each second. (The benchmark's idle mode measures the whole: two instances, 1,000
/// subscriptions, commands a second per instance.)
[Collection(GatewayCollection.Name)]
public sealed class IdleCostTests(GatewayFactory factory, ITestOutputHelper output) : GatewayTest(factory)
{
    private const int Count = 200;
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(6);

    [Fact]
    public async Task With_many_idle_subscriptions_no_queue_is_read_or_maintained_and_no_subscription_reloaded()
    {
        var subscriber = await StartSubscriberAsync();
        for (var i = 0; i < Count; i++)
        {
            Subscriptions.Add(await Client.SubscribeAsync(subscriber));
        }

        // Past one full read of every queue (a safety net every 30 s) and the maintenance that settles them.
        await Task.Delay(TimeSpan.FromSeconds(6));
        var before = await CallsAsync();
        await Task.Delay(Window);
        var after = await CallsAsync();

        long Delta(string command) => after.GetValueOrDefault(command) - before.GetValueOrDefault(command);
        // Before: XAUTOCLAIM and XINFO GROUPS per subscription every 5 s, a reload of all 200 every second.
        Assert.Equal(0, Delta("xautoclaim") + Delta("xinfo|groups"));
        Assert.InRange(Delta("get"), 0, 100);
        // The idle dispatcher reads each partition's active set once per Delivery:IdleInterval (before: every
        // second, whatever the interval; issue 20 measured 144 commands a second per idle instance, against 50).
        // FollowUpIdleTests does the same for the follow-up loop.
        var partitions = new RedisKeys("").Partitions;
        var loops = (long)Math.Ceiling(Window / GatewayFactory.IdleInterval) + 1;
        output.WriteLine($"SMEMBERS {Delta("smembers")} in {Window.TotalSeconds} s, bound {partitions * loops}");
        Assert.InRange(Delta("smembers"), 0, partitions * loops);
        Factory.Logs.AssertNoWarningsOrErrors();
    }

    private async Task<Dictionary<string, long>> CallsAsync()
    {
        var info = (string)(await Factory.Redis.Connection.GetDatabase().ExecuteAsync("INFO", "commandstats"))!;
        return info.Split('\n').Where(l => l.StartsWith("cmdstat_", StringComparison.Ordinal)).ToDictionary(
            l => l[8..l.IndexOf(':', StringComparison.Ordinal)],
            l => long.Parse(l.Split(':')[1].Split(',')[0]["calls=".Length..], CultureInfo.InvariantCulture),
            StringComparer.Ordinal);
    }
}
