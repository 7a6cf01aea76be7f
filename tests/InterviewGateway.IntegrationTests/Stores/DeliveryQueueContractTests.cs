using System.Reflection;
using InterviewGateway.Delivery;
using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace InterviewGateway.IntegrationTests.Stores;

/// The delivery queue behaves the same on Redis streams and in process: first-attempt dedupe, the current
/// attempt wins, retries come back when due, recover requeues exactly what was not delivered, and a dead
/// consumer's messages are taken over (only after they sat idle long enough).
public abstract class DeliveryQueueContract
{
    private protected readonly FakeTimeProvider Time = new(DateTimeOffset.UtcNow);
    private readonly CancellationToken _ct = CancellationToken.None;

    internal abstract IDeliveryQueue Queue { get; }

    /// The same store's admin face (AddStore registers one instance behind both).
    internal IDeliveryQueueAdmin Admin => (IDeliveryQueueAdmin)Queue;

    [Fact]
    public async Task A_first_attempt_is_queued_once_read_once_and_finished_by_its_state()
    {
        Assert.True(await Queue.TryEnqueueFirstAsync("sub_a", "evt_1", _ct));
        Assert.False(await Queue.TryEnqueueFirstAsync("sub_a", "evt_1", _ct)); // the sweep or a second detection
        Assert.True(await Queue.TryEnqueueFirstAsync("sub_b", "evt_1", _ct)); // another subscription's own

        var read = Assert.Single(await Queue.ReadAsync(["sub_a"], 10, "one", _ct));
        Assert.Equal(("sub_a", "evt_1", 1), (read.SubscriptionId, read.EventId, read.Attempt));
        Assert.Empty(await Queue.ReadAsync(["sub_a"], 10, "two", _ct));
        Assert.Equal(new DeliveryBacklog(0, 1, null), await Admin.BacklogAsync("sub_a", _ct));

        await Queue.CompleteAsync(read, new DeliveryState(DeliveryStateKind.Delivered, 1, Time.GetUtcNow()), _ct);
        Assert.Equal(DeliveryStateKind.Delivered, (await Queue.GetStateAsync("sub_a", "evt_1", _ct))?.Kind);
        Assert.Equal(new DeliveryBacklog(0, 0, null), await Admin.BacklogAsync("sub_a", _ct));
        Assert.Equal(1, (await Admin.BacklogAsync("sub_b", _ct)).Queued);
    }

    [Fact]
    public async Task A_retry_comes_back_when_due_with_its_attempt_number()
    {
        await Queue.TryEnqueueFirstAsync("sub_r", "evt_r", _ct);
        var first = Assert.Single(await Queue.ReadAsync(["sub_r"], 10, "one", _ct));
        var due = Time.GetUtcNow().AddMinutes(5);
        await Queue.CompleteAsync(first, new DeliveryState(DeliveryStateKind.Queued, 2, due), _ct);
        Assert.Equal(1, await Admin.ScheduledCountAsync(_ct));

        Assert.Equal(0, await Queue.PromoteDueAsync(due.AddSeconds(-1), 100, _ct));
        Assert.Empty(await Queue.ReadAsync(["sub_r"], 10, "one", _ct));
        Assert.Equal(1, await Queue.PromoteDueAsync(due, 100, _ct));
        var retry = Assert.Single(await Queue.ReadAsync(["sub_r"], 10, "one", _ct));
        Assert.Equal(2, retry.Attempt);
        Assert.Equal(due.ToUnixTimeMilliseconds(), retry.DueAt.ToUnixTimeMilliseconds());
        Assert.Equal(0, await Admin.ScheduledCountAsync(_ct));
    }

    [Fact]
    public async Task Promoters_racing_over_many_subscriptions_move_each_due_retry_once()
    {
        // Retries of many subscriptions (on Redis: spread over partitions, each promoted by a script given
        // the candidates it read first), promoted by several callers at once, a few at a time.
        var subs = Enumerable.Range(0, 40).Select(i => $"sub_race{i}").ToArray();
        var due = Time.GetUtcNow().AddMinutes(1);
        foreach (var sub in subs)
        {
            await Queue.TryEnqueueFirstAsync(sub, "evt_race", _ct);
            var first = Assert.Single(await Queue.ReadAsync([sub], 10, "one", _ct));
            await Queue.CompleteAsync(first, new DeliveryState(DeliveryStateKind.Queued, 2, due), _ct);
        }

        var moved = await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ =>
        {
            var total = 0;
            while (await Queue.PromoteDueAsync(due, 3, _ct) is > 0 and var n)
            {
                total += n;
            }

            return total;
        }));

        Assert.Equal(subs.Length, moved.Sum());
        var retries = await Queue.ReadAsync(subs, 10, "one", _ct);
        Assert.Equal(subs.Order(StringComparer.Ordinal),
            retries.Select(m => m.SubscriptionId).Order(StringComparer.Ordinal));
        Assert.All(retries, m => Assert.Equal(2, m.Attempt));
        Assert.Equal(0, await Admin.ScheduledCountAsync(_ct));
    }

    [Fact]
    public async Task Recover_requeues_failed_missed_and_lost_attempts_once_and_leaves_delivered_and_live_ones()
    {
        var now = Time.GetUtcNow();
        foreach (var id in new[] { "evt_ok", "evt_failed", "evt_lost", "evt_live" })
        {
            await Queue.TryEnqueueFirstAsync("sub_v", id, _ct);
        }

        var taken = (await Queue.ReadAsync(["sub_v"], 10, "one", _ct)).ToDictionary(m => m.EventId);
        await Queue.CompleteAsync(taken["evt_ok"], new DeliveryState(DeliveryStateKind.Delivered, 1, now), _ct);
        await Queue.CompleteAsync(taken["evt_failed"], new DeliveryState(DeliveryStateKind.Failed, 1, now), _ct);
        await Queue.CompleteAsync(taken["evt_lost"], new DeliveryState(DeliveryStateKind.Queued, 2, now.AddHours(-1)),
            _ct);
        await Queue.CompleteAsync(taken["evt_live"], new DeliveryState(DeliveryStateKind.Queued, 2, now.AddMinutes(1)),
            _ct);

        string[] all = ["evt_ok", "evt_failed", "evt_lost", "evt_live", "evt_missed"];
        Assert.Equal(3, await Admin.RequeueUndeliveredAsync("sub_v", all, now.AddMinutes(-5), _ct));
        Assert.Equal(0, await Admin.RequeueUndeliveredAsync("sub_v", all, now.AddMinutes(-5), _ct)); // now alive

        var requeued = (await Queue.ReadAsync(["sub_v"], 10, "one", _ct)).ToDictionary(m => m.EventId, m => m.Attempt);
        Assert.Equal(new Dictionary<string, int> { ["evt_failed"] = 2, ["evt_lost"] = 3, ["evt_missed"] = 1 },
            requeued);
        Assert.Equal(3, (await Queue.GetStateAsync("sub_v", "evt_lost", _ct))?.Attempt);
    }

    [Fact]
    public async Task An_attempt_that_fails_after_recover_queued_the_next_one_leaves_the_newer_state_alone()
    {
        // Issue 17: attempt 1 was in flight when `recover` queued attempt 2; its failure overwrote q|2.
        await Queue.TryEnqueueFirstAsync("sub_n", "evt_n", _ct);
        var inFlight = Assert.Single(await Queue.ReadAsync(["sub_n"], 10, "one", _ct));
        Assert.Equal(1, await Admin.RequeueUndeliveredAsync("sub_n", ["evt_n"], Time.GetUtcNow().AddHours(1), _ct));
        var recovered = await Queue.GetStateAsync("sub_n", "evt_n", _ct);

        var retryAt = Time.GetUtcNow().AddMinutes(10);
        await Queue.CompleteAsync(inFlight, new DeliveryState(DeliveryStateKind.Queued, 2, retryAt), _ct);

        Assert.Equal(recovered, await Queue.GetStateAsync("sub_n", "evt_n", _ct));
        Assert.Equal(0, await Admin.ScheduledCountAsync(_ct)); // no second attempt 2 scheduled
        Assert.Equal(2, Assert.Single(await Queue.ReadAsync(["sub_n"], 10, "one", _ct)).Attempt);
    }

    [Fact]
    public async Task Two_copies_of_a_claimed_message_cannot_turn_delivered_back_into_queued()
    {
        await Queue.TryEnqueueFirstAsync("sub_c", "evt_c", _ct);
        var first = Assert.Single(await Queue.ReadAsync(["sub_c"], 10, "one", _ct));
        Time.Advance(TimeSpan.FromMinutes(10));
        var copy = Assert.Single(await Queue.ClaimAbandonedAsync("sub_c", "two", TimeSpan.Zero, 10, _ct));
        Assert.Equal(first.EventId, copy.EventId);

        var now = Time.GetUtcNow();
        await Queue.CompleteAsync(first, new DeliveryState(DeliveryStateKind.Delivered, 1, now), _ct);
        await Queue.CompleteAsync(copy, new DeliveryState(DeliveryStateKind.Queued, 2, now.AddMinutes(1)), _ct);

        Assert.Equal(DeliveryStateKind.Delivered, (await Queue.GetStateAsync("sub_c", "evt_c", _ct))?.Kind);
        Assert.Equal(0, await Admin.ScheduledCountAsync(_ct));
    }

    [Fact]
    public async Task A_dead_consumer_s_message_is_taken_over_only_after_it_sat_idle_and_touching_keeps_it()
    {
        await Queue.TryEnqueueFirstAsync("sub_c", "evt_c", _ct);
        await Queue.TryEnqueueFirstAsync("sub_c", "evt_d", _ct);
        var taken = await Queue.ReadAsync(["sub_c"], 10, "dead", _ct);
        Assert.Equal(2, taken.Count);
        var idle = TimeSpan.FromMilliseconds(400); // Redis measures idleness by its own clock
        Assert.Empty(await Queue.ClaimAbandonedAsync("sub_c", "alive", idle, 10, _ct));

        Time.Advance(idle);
        await Task.Delay(idle + TimeSpan.FromMilliseconds(200)); // margin: a timer may end a hair early
        await Queue.TouchAsync("sub_c", "dead", [taken.Single(m => m.EventId == "evt_d").Id],
            _ct); // still working on it
        var claimed = Assert.Single(await Queue.ClaimAbandonedAsync("sub_c", "alive", idle, 10, _ct));
        Assert.Equal(("evt_c", 1), (claimed.EventId, claimed.Attempt));
        await Queue.CompleteAsync(claimed, new DeliveryState(DeliveryStateKind.Delivered, 1, Time.GetUtcNow()), _ct);
        Assert.Equal(1, (await Admin.BacklogAsync("sub_c", _ct)).InFlight);
    }

    [Fact]
    public async Task Pruning_forgets_old_states_and_purging_drops_the_subscription_s_queue()
    {
        var now = Time.GetUtcNow();
        await Queue.TryEnqueueFirstAsync("sub_p", "evt_old", _ct);
        var old = Assert.Single(await Queue.ReadAsync(["sub_p"], 10, "one", _ct));
        await Queue.CompleteAsync(old, new DeliveryState(DeliveryStateKind.Delivered, 1, now.AddDays(-31)), _ct);
        await Queue.TryEnqueueFirstAsync("sub_p", "evt_new", _ct);

        Assert.Equal(1, await Admin.PruneAsync("sub_p", now.AddDays(-30), _ct));
        Assert.Null(await Queue.GetStateAsync("sub_p", "evt_old", _ct));
        Assert.NotNull(await Queue.GetStateAsync("sub_p", "evt_new", _ct));

        await Admin.PurgeAsync("sub_p", _ct);
        Assert.Null(await Queue.GetStateAsync("sub_p", "evt_new", _ct));
        Assert.Empty(await Queue.ReadAsync(["sub_p"], 10, "one", _ct));
    }

    [Fact]
    public async Task Purging_deleted_drops_what_a_late_writer_recreated_and_never_a_subscription_it_did_not_delete()
    {
        await Queue.TryEnqueueFirstAsync("sub_kept", "evt_k", _ct);
        await Admin.PurgeAsync("sub_gone", _ct);
        // An instance whose snapshot still had sub_gone fans out to it, and one with a delivery in flight
        // records its outcome: both after the purge.
        await Queue.TryEnqueueFirstAsync("sub_gone", "evt_late", _ct);
        var late = Assert.Single(await Queue.ReadAsync(["sub_gone"], 10, "stale", _ct));
        await Queue.CompleteAsync(late, new DeliveryState(DeliveryStateKind.Delivered, 1, Time.GetUtcNow()), _ct);
        // Issue 17: a subscription created while retention runs is in no list it read, and must stay.
        await Queue.TryEnqueueFirstAsync("sub_new", "evt_n", _ct);

        Assert.Equal(0, await Admin.PurgeDeletedAsync(TimeSpan.FromMinutes(10), TimeSpan.FromDays(30), _ct));
        Assert.NotNull(await Queue.GetStateAsync("sub_gone", "evt_late", _ct)); // deleted too recently
        Time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(1, await Admin.PurgeDeletedAsync(SettledFor(TimeSpan.FromMinutes(10)), TimeSpan.FromDays(30),
            _ct));

        Assert.Null(await Queue.GetStateAsync("sub_gone", "evt_late", _ct));
        Assert.Equal(new DeliveryBacklog(0, 0, null), await Admin.BacklogAsync("sub_gone", _ct));
        Assert.NotNull(await Queue.GetStateAsync("sub_kept", "evt_k", _ct));
        Assert.NotNull(await Queue.GetStateAsync("sub_new", "evt_n", _ct));
        Assert.Equal(1, (await Admin.BacklogAsync("sub_new", _ct)).Queued);
    }

    /// The tombstone's age on this store's clock: Redis's (real time) or the fake one the test advances.
    private protected virtual TimeSpan SettledFor(TimeSpan settled) => settled;
}

public sealed class InMemoryDeliveryQueueTests : DeliveryQueueContract
{
    public InMemoryDeliveryQueueTests() => Queue = new InMemoryDeliveryQueue(Time);

    internal override IDeliveryQueue Queue { get; }
}

public sealed class RedisDeliveryQueueTests : DeliveryQueueContract, IClassFixture<RedisServerFixture>
{
    private readonly RedisServerFixture _redis;
    private readonly RedisKeys _keys = new($"t-{Guid.NewGuid():N}:");

    public RedisDeliveryQueueTests(RedisServerFixture redis)
    {
        _redis = redis;
        Queue = new RedisDeliveryQueue(redis.Connection, _keys, Time);
    }

    internal override IDeliveryQueue Queue { get; }

    private protected override TimeSpan SettledFor(TimeSpan settled) => TimeSpan.Zero; // Redis's clock is real

    [Fact]
    public async Task Pruning_forgets_the_consumer_names_of_instances_with_nothing_pending()
    {
        var ct = CancellationToken.None;
        await Queue.TryEnqueueFirstAsync("sub_n", "evt_1", ct);
        await Queue.TryEnqueueFirstAsync("sub_n", "evt_2", ct);
        var done = Assert.Single(await Queue.ReadAsync(["sub_n"], 1, "dead-instance", ct));
        await Queue.CompleteAsync(done, new DeliveryState(DeliveryStateKind.Delivered, 1, Time.GetUtcNow()), ct);
        Assert.Single(await Queue.ReadAsync(["sub_n"], 1, "busy-instance", ct)); // still pending

        await Admin.PruneAsync("sub_n", Time.GetUtcNow().AddDays(-30), ct);

        var consumers = await _redis.Connection.GetDatabase().StreamConsumerInfoAsync(_keys.DeliveryStream("sub_n"),
            RedisDeliveryQueue.Group);
        var left = Assert.Single(consumers); // the one with a pending message stays, so it can be claimed
        Assert.Equal(("busy-instance", 1), (left.Name, left.PendingMessageCount));
    }

    /// A subscription deleted while a lane's upkeep trims its stream: the purge lands between the trim's
    /// reads, which then find no stream or no group. Finding the trim's work done must not fail the
    /// dispatcher's step (which logs a warning and stalls every lane for a second).
    [Theory]
    [InlineData(nameof(IDatabase.StreamGroupInfoAsync))] // XINFO GROUPS: "ERR no such key"
    [InlineData(nameof(IDatabase.StreamPendingAsync))] // XPENDING: NOGROUP
    [InlineData(nameof(IDatabase.ExecuteAsync))] // XTRIM
    public async Task A_subscription_deleted_during_a_trim_leaves_the_trim_nothing_to_do(string purgeBefore)
    {
        var ct = CancellationToken.None;
        await Queue.TryEnqueueFirstAsync("sub_t", "evt_1", ct);
        Assert.Single(await Queue.ReadAsync(["sub_t"], 1, "one", ct));
        var purging = PurgeBefore.Wrap(_redis.Connection.GetDatabase(), purgeBefore,
            () => ((IDeliveryQueueAdmin)Queue).PurgeAsync("sub_t", ct));

        await RedisDeliveryStreams.TrimAsync(purging, _keys.DeliveryStream("sub_t"));

        Assert.True(PurgeBefore.Purged(purging));
        Assert.False(await _redis.Connection.GetDatabase().KeyExistsAsync(_keys.DeliveryStream("sub_t")));
    }
}

/// An IDatabase that runs `purge` once, just before the named method is called.
public class PurgeBefore : DispatchProxy
{
    private IDatabase _inner = null!;
    private string _method = "";
    private Func<Task>? _purge;

    internal static IDatabase Wrap(IDatabase inner, string method, Func<Task> purge)
    {
        var proxy = Create<IDatabase, PurgeBefore>();
        var self = (PurgeBefore)(object)proxy;
        (self._inner, self._method, self._purge) = (inner, method, purge);
        return proxy;
    }

    internal static bool Purged(IDatabase proxy) => ((PurgeBefore)(object)proxy)._purge is null;

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        if (targetMethod!.Name == _method && Interlocked.Exchange(ref _purge, null) is { } purge)
        {
            Task.Run(purge).GetAwaiter().GetResult();
        }

        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerException);
            throw;
        }
    }
}
