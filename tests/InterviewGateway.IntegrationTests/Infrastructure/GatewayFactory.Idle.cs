using Hangfire;
using InterviewGateway.Delivery;
using InterviewGateway.Events;
using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.Polling;
using InterviewGateway.Vendors;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace InterviewGateway.IntegrationTests.Infrastructure;

/// "Wait until idle" for the shared host, instead of fixed sleeps before "nothing else arrived" checks:
/// the host is idle when no Hangfire job is queued, running or scheduled, no delivery is queued, in flight
/// or scheduled for an existing subscription, the outbox is empty and no vendor webhook follow-up is owed.
public sealed partial class GatewayFactory
{
    /// Idle must hold on two probes in a row: work moves from one store to the next (an owed follow-up
    /// becomes a Hangfire job, an outbox entry becomes queued deliveries) and each hand-over writes the
    /// next store before it clears the previous one, so one probe never sees a gap that is not idle.
    public Task WaitUntilIdleAsync(TimeSpan? timeout = null) =>
        WaitUntilAsync(BusyWithAsync, timeout ?? TimeSpan.FromSeconds(30));

    private static async Task WaitUntilAsync(Func<Task<string?>> busyWith, TimeSpan timeout)
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

            Assert.True(DateTime.UtcNow < deadline, $"The host never went idle: {busy}");
            await Task.Delay(50);
        }
    }

    /// What the host is still doing, or null when it is idle.
    private async Task<string?> BusyWithAsync()
    {
        var monitoring = Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        var jobs = monitoring.Queues().Sum(q => q.Length) + monitoring.ProcessingCount()
            + monitoring.ScheduledCount();
        if (jobs > 0)
        {
            return $"{jobs} Hangfire job(s) queued, running or scheduled";
        }

        var keys = new RedisKeys(KeyPrefix);
        var db = Redis.Connection.GetDatabase();
        if (await db.SortedSetLengthAsync(keys.VendorWebhookPending) is > 0 and var owed)
        {
            return $"{owed} vendor webhook follow-up(s) owed";
        }

        var outbox = await Services.GetRequiredService<IEventStore>()
            .ReadOutboxAsync(DateTimeOffset.UtcNow.AddDays(1), 1, CancellationToken.None);
        if (outbox.Count > 0)
        {
            return $"event {outbox[0].Id} still in the outbox";
        }

        if (await BusyDeliveringAsync() is { } delivering)
        {
            return delivering;
        }

        var subscriptions = (await Services.GetRequiredService<ISubscriptionStore>().ListAsync(CancellationToken.None))
            .Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        // IDeliveryQueue.ScheduledCountAsync also counts a deleted subscription's retries, which are dropped
        // unsent when due; only an existing subscription's retry is work still to do.
        var scheduled = (await db.SortedSetRangeByRankAsync(keys.DeliveryRetries))
            .Select(member => ((string)member!).Split('|')[0]).Count(subscriptions.Contains);
        return scheduled > 0 ? $"{scheduled} delivery retry(ies) scheduled" : null;
    }

    /// Deletes the Hangfire jobs waiting for their time (a failed job's automatic retry, tens of seconds
    /// away): for a test that ran the job itself, and for the isolation of the next class.
    public void DeleteScheduledJobs()
    {
        var jobs = Services.GetRequiredService<IBackgroundJobClient>();
        var monitoring = Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        foreach (var scheduled in monitoring.ScheduledJobs(0, 1000))
        {
            jobs.Delete(scheduled.Key);
        }
    }

    /// Runs before the first test of each class. A single key prefix (one host: Hangfire keeps static
    /// state, so hosts in one process interfere) would otherwise let an earlier class's leftovers act
    /// while this class checks its log: its subscriptions (retries to a subscriber that is gone) and its
    /// tracked interviews (the sandbox completes them later, and the completion fans out to every
    /// subscription). The subscriptions are disabled first, so what is in flight finishes (and logs) now
    /// and nothing new is sent; then they, their retries and the polling are removed.
    private async Task IsolateFromEarlierClassesAsync()
    {
        var store = Services.GetRequiredService<ISubscriptionStore>();
        using var client = CreateClient(AllKey);
        var earlier = await store.ListAsync(CancellationToken.None);
        foreach (var subscription in earlier.Where(s => s.Enabled))
        {
            using var disabled = await client.PatchAsync($"/v1/subscriptions/{subscription.Id}",
                Api.Json("""{"enabled":false}""", "application/merge-patch+json"));
        }

        await WaitUntilAsync(BusyDeliveringAsync, TimeSpan.FromSeconds(30));
        foreach (var subscription in earlier)
        {
            using var deleted = await client.DeleteAsync($"/v1/subscriptions/{subscription.Id}");
        }

        DeleteScheduledJobs();
        var polls = Services.GetRequiredService<IPollQueue>();
        var keys = new RedisKeys(KeyPrefix);
        var db = Redis.Connection.GetDatabase();
        foreach (var vendor in Services.GetRequiredService<VendorCatalog>().All.Select(v => v.Key.Value))
        {
            foreach (var interview in await db.SortedSetRangeByRankAsync(keys.PollAge(vendor)))
            {
                await polls.RemoveAsync(vendor, interview!, CancellationToken.None);
            }
        }

        await WaitUntilIdleAsync();
        Logs.Clear();
    }

    /// A delivery queued or in flight for an existing subscription, or null.
    private async Task<string?> BusyDeliveringAsync()
    {
        var queue = Services.GetRequiredService<IDeliveryQueue>();
        foreach (var subscription in await Services.GetRequiredService<ISubscriptionStore>()
            .ListAsync(CancellationToken.None))
        {
            var backlog = await queue.BacklogAsync(subscription.Id, CancellationToken.None);
            if (backlog.Queued + backlog.InFlight > 0)
            {
                return $"subscription {subscription.Id}: {backlog.Queued} delivery(ies) queued, "
                    + $"{backlog.InFlight} in flight";
            }
        }

        return null;
    }
}
