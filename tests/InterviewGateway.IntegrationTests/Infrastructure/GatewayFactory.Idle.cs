using Hangfire;
using InterviewGateway.Delivery;
using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.Polling;
using InterviewGateway.Vendors;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace InterviewGateway.IntegrationTests.Infrastructure;

/// "Wait until idle" for the shared host (see `RedisIdleProbe`), instead of fixed sleeps before "nothing
/// else arrived" checks; and the isolation of each test class from the ones before it.
public sealed partial class GatewayFactory
{
    private RedisIdleProbe Idle => field ??= new RedisIdleProbe(Redis.Connection, KeyPrefix,
        Services.GetRequiredService<JobStorage>());

    public Task WaitUntilIdleAsync(TimeSpan? timeout = null) => Idle.WaitUntilIdleAsync(timeout);

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

    /// Stops polling every interview tracked so far (they stay stored): a test that counts vendor calls
    /// then sees only the ones it caused.
    public async Task StopPollingAsync()
    {
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

        await Idle.WaitUntilNotDeliveringAsync(TimeSpan.FromSeconds(30));
        foreach (var subscription in earlier)
        {
            using var deleted = await client.DeleteAsync($"/v1/subscriptions/{subscription.Id}");
        }

        DeleteScheduledJobs();
        await StopPollingAsync();
        await WaitUntilIdleAsync();
        Logs.Clear();
    }
}
