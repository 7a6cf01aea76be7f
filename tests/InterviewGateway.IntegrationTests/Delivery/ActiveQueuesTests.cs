using InterviewGateway.Delivery;
using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using StackExchange.Redis.Profiling;

namespace InterviewGateway.IntegrationTests.Delivery;

/// Issue 20: the dispatcher keeps its copy of the active sets between wakes instead of reading every
/// partition's set at each step (4 commands a webhook in a burst). Two instances on one Redis, each with a
/// connection of its own; the copy must still follow a queue another instance activates, and a wake
/// that never arrived is made up for within the idle interval.
public sealed class ActiveQueuesTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private readonly RedisKeys _keys = new($"t-{Guid.NewGuid():N}:");
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly ProfilingSession _profiling = new();
    private ConnectionMultiplexer _onA = null!;
    private ConnectionMultiplexer _onB = null!;
    private RedisDeliveryQueue _a = null!;
    private RedisDeliveryQueue _b = null!;

    public async Task InitializeAsync()
    {
        _onA = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        _onA.RegisterProfiler(() => _profiling);
        _onB = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        _a = new RedisDeliveryQueue(_onA, _keys, _time);
        _b = new RedisDeliveryQueue(_onB, _keys, _time);
    }

    public async Task DisposeAsync()
    {
        await _onA.DisposeAsync();
        await _onB.DisposeAsync();
    }

    [Fact]
    public async Task Between_changes_the_sets_are_read_once_and_the_instances_own_queueing_is_in_the_copy()
    {
        var sub = NewSubscription();
        Assert.Empty((await _a.ActiveAsync(Interval, CancellationToken.None))!);
        Assert.True(await _a.TryEnqueueFirstAsync(sub, "evt_1", CancellationToken.None));
        await WaitUntilQuietAsync();

        _time.Advance(Interval); // the copy is due to be read again
        _ = SetReads(); // what came before
        var first = await _a.ActiveAsync(Interval, CancellationToken.None);
        var second = await _a.ActiveAsync(Interval, CancellationToken.None);

        Assert.Contains(sub, first!);
        Assert.Contains(sub, second!);
        Assert.Equal(_keys.Partitions, SetReads()); // one read of each partition's set, not two
    }

    [Fact]
    public async Task A_queue_another_instance_activates_is_seen_after_its_wake()
    {
        var sub = NewSubscription();
        Assert.Empty((await _a.ActiveAsync(Interval, CancellationToken.None))!);
        var woken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _a.Enqueued += () => woken.TrySetResult();

        Assert.True(await _b.TryEnqueueFirstAsync(sub, "evt_1", CancellationToken.None));
        await woken.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Contains(sub, (await _a.ActiveAsync(Interval, CancellationToken.None))!);
    }

    [Fact]
    public async Task A_missed_wake_is_made_up_for_within_the_interval()
    {
        var sub = NewSubscription();
        Assert.Empty((await _a.ActiveAsync(Interval, CancellationToken.None))!);

        // Marked active without the wake (as if the message was lost with a dropped connection).
        await _onB.GetDatabase().SetAddAsync(_keys.DeliveryActive(_keys.PartitionOf(sub)), sub);
        _time.Advance(Interval - TimeSpan.FromMilliseconds(1));
        Assert.DoesNotContain(sub, (await _a.ActiveAsync(Interval, CancellationToken.None))!);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Contains(sub, (await _a.ActiveAsync(Interval, CancellationToken.None))!);
    }

    [Fact]
    public async Task A_settled_queue_leaves_the_copy()
    {
        var sub = NewSubscription();
        await _a.EnqueueAsync(sub, "evt_1", 1, CancellationToken.None);
        var message = Assert.Single(await _a.ReadAsync([sub], 10, "a", CancellationToken.None));
        Assert.Contains(sub, (await _a.ActiveAsync(Interval, CancellationToken.None))!);

        await _a.CompleteAsync(message, null, CancellationToken.None);
        await _a.SettleAsync(sub, CancellationToken.None);

        Assert.DoesNotContain(sub, (await _a.ActiveAsync(Interval, CancellationToken.None))!);
    }

    private static string NewSubscription() => "sub_" + Guid.NewGuid().ToString("N");

    private int SetReads() => _profiling.FinishProfiling().Count(c => c.Command == "SMEMBERS");

    /// The wake of an enqueue comes back to its own instance too; let it arrive before counting.
    private async Task WaitUntilQuietAsync()
    {
        for (var i = 0; i < 3; i++)
        {
            await _a.ActiveAsync(Interval, CancellationToken.None);
            await Task.Delay(100);
        }
    }
}
