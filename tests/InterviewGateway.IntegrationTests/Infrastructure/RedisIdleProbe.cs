using Hangfire;
using InterviewGateway.Delivery;
using InterviewGateway.Events;
using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.Infrastructure.Storage;
using StackExchange.Redis;

namespace InterviewGateway.IntegrationTests.Infrastructure;

/// Whether gateways on one Redis key prefix are idle, read from Redis itself, so it serves the shared host
/// and gateway processes alike: no Hangfire job queued, running or scheduled, no vendor webhook follow-up
/// owed, an empty outbox, and no delivery queued, in flight or scheduled for an existing subscription.
public sealed class RedisIdleProbe
{
    private readonly IDatabase _db;
    private readonly RedisKeys _keys;
    private readonly JobStorage _jobs;
    private readonly RedisEventStore _events;
    private readonly RedisSubscriptionStore _subscriptions;
    private readonly RedisDeliveryQueue _deliveries;

    /// `jobs` is the gateway's Hangfire storage (null: Hangfire's Redis storage under the prefix).
    public RedisIdleProbe(IConnectionMultiplexer redis, string prefix, JobStorage? jobs = null)
    {
        _db = redis.GetDatabase();
        _keys = new RedisKeys(prefix);
        _jobs = jobs ?? new Hangfire.Redis.StackExchange.RedisStorage(redis,
            new Hangfire.Redis.StackExchange.RedisStorageOptions { Prefix = _keys.HangfirePrefix });
        _events = new RedisEventStore(redis, _keys, new RetentionOptions(), TimeProvider.System);
        _subscriptions = new RedisSubscriptionStore(redis, _keys);
        _deliveries = new RedisDeliveryQueue(redis, _keys, TimeProvider.System);
    }

    /// Idle must hold on two probes in a row: work moves from one store to the next (an owed follow-up
    /// becomes a Hangfire job, an outbox entry becomes queued deliveries) and each hand-over writes the
    /// next store before it clears the previous one, so one probe never sees a gap that is not idle.
    public Task WaitUntilIdleAsync(TimeSpan? timeout = null) =>
        WaitAsync(BusyWithAsync, timeout ?? TimeSpan.FromSeconds(30));

    /// Until no delivery is queued or in flight (scheduled retries may remain).
    public Task WaitUntilNotDeliveringAsync(TimeSpan timeout) => WaitAsync(BusyDeliveringAsync, timeout);

    private static async Task WaitAsync(Func<Task<string?>> busyWith, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var idleProbes = 0;
        while (true)
        {
            var busy = await busyWith();
            idleProbes = busy is null ? idleProbes + 1 : 0;
            if (idleProbes == 2)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The gateway never went idle: {busy}");
            await Task.Delay(50);
        }
    }

    /// What the gateway is still doing, or null when it is idle.
    public async Task<string?> BusyWithAsync()
    {
        var monitoring = _jobs.GetMonitoringApi();
        var jobs = monitoring.Queues().Sum(q => q.Length) + monitoring.ProcessingCount()
            + monitoring.ScheduledCount();
        if (jobs > 0)
        {
            return $"{jobs} Hangfire job(s) queued, running or scheduled";
        }

        if (await PartitionsAsync(p => _db.SortedSetLengthAsync(_keys.InboundFollowUps(p))) is > 0 and var owed)
        {
            return $"{owed} vendor webhook follow-up(s) owed";
        }

        var outbox = await _events.ReadOutboxAsync(DateTimeOffset.UtcNow.AddDays(1), 1, CancellationToken.None);
        if (outbox.Count > 0)
        {
            return $"event {outbox[0].Id} still in the outbox";
        }

        if (await BusyDeliveringAsync() is { } delivering)
        {
            return delivering;
        }

        var subscriptions = (await _subscriptions.ListAsync(CancellationToken.None)).Select(s => s.Id)
            .ToHashSet(StringComparer.Ordinal);
        // IDeliveryQueue.ScheduledCountAsync also counts a deleted subscription's retries, which are dropped
        // unsent when due; only an existing subscription's retry is work still to do.
        var scheduled = (await Task.WhenAll(_keys.AllPartitions.Select(p =>
                _db.SortedSetRangeByRankAsync(_keys.DeliveryRetries(p)))))
            .SelectMany(members => members)
            .Select(member => ((string)member!).Split('|')[0]).Count(subscriptions.Contains);
        return scheduled > 0 ? $"{scheduled} delivery retry(ies) scheduled" : null;
    }

    private async Task<long> PartitionsAsync(Func<int, Task<long>> count) =>
        (await Task.WhenAll(_keys.AllPartitions.Select(count))).Sum();

    /// A delivery queued or in flight for an existing subscription, or null.
    private async Task<string?> BusyDeliveringAsync()
    {
        foreach (var subscription in await _subscriptions.ListAsync(CancellationToken.None))
        {
            var backlog = await _deliveries.BacklogAsync(subscription.Id, CancellationToken.None);
            if (backlog.Queued + backlog.InFlight > 0)
            {
                return $"subscription {subscription.Id}: {backlog.Queued} delivery(ies) queued, "
                    + $"{backlog.InFlight} in flight";
            }
        }

        return null;
    }
}
