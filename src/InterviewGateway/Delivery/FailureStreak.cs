using System.Globalization;
using InterviewGateway.Events;
using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.Infrastructure.Storage;

namespace InterviewGateway.Delivery;

/// How long every attempt to a subscription has failed (contract section 6: disabled after
/// `Delivery:DisableAfter`). "Failing since" is set by the first failure after a success and cleared by
/// every success or a re-enable; a key per subscription, so attempts never rewrite the subscription.
/// Every success clears it (issue 17: clearing at most once a second per instance left a failure that
/// another instance recorded in that second standing, and one failure days later disabled a healthy
/// subscriber), and both ends of the streak are read from the shared clock, as instances compare them.
internal sealed class FailureStreak(IKeyValueStore marks, RedisKeys keys, ISharedClock clock)
{
    /// Records an attempt's outcome; null after a success, else how long the failures have lasted.
    public async Task<(DateTimeOffset Since, TimeSpan For)?> RecordAsync(string subscriptionId, bool succeeded,
        CancellationToken cancellationToken)
    {
        var key = keys.SubscriptionFailingSince(subscriptionId);
        if (succeeded)
        {
            await marks.DeleteAsync(key, cancellationToken);
            return null;
        }

        var now = await clock.GetUtcNowAsync(cancellationToken);
        var nowMs = now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        await marks.SetIfAbsentAsync(key, nowMs, IEventStore.Retention, cancellationToken);
        var stored = await marks.GetAsync(key, cancellationToken);
        var since = long.TryParse(stored, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : now;
        return (since, now - since);
    }

    public Task ResetAsync(string subscriptionId, CancellationToken cancellationToken) =>
        marks.DeleteAsync(keys.SubscriptionFailingSince(subscriptionId), cancellationToken);

    public static bool ShouldDisable(TimeSpan failingFor, TimeSpan disableAfter) => failingFor >= disableAfter;
}
